import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import type { HookReceiver } from '../helpers/ops';
import { control, deliveriesIdle, deliveryLog, sdkFor, startHookReceiver, startOpsEmulator } from '../helpers/ops';

let emulator: RunningEmulator;
let stripe: Stripe;
const receivers: HookReceiver[] = [];

interface FaultConfig {
  seed: number;
  deliveries: { duplicateRate: number; shuffleWindow: number; shuffleHoldMs: number; dropRate: number; delayMs: number };
  api: {
    errorRate: number;
    rateLimitRate: number;
    rateLimitCode: string;
    rateLimitShouldRetry: boolean;
    pathPrefix: string | null;
    latencyMs: number;
    requestsPerSecond: number;
    endpointRequestsPerSecond: number;
  };
}

beforeAll(async () => {
  // One delivery in flight per endpoint, so arrival order is exactly the order the fault
  // injection decided (several in flight would let the network reorder them too).
  ({ emulator, stripe } = await startOpsEmulator({ webhooks: { concurrency: 1 } }));
});
afterEach(async () => {
  await control(emulator, 'POST', '/reset');
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function hooked(events: Stripe.WebhookEndpointCreateParams.EnabledEvent[] = ['*']): Promise<{ r: HookReceiver; endpoint: Stripe.WebhookEndpoint }> {
  const r = await startHookReceiver();
  receivers.push(r);
  const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: events });
  return { r, endpoint };
}

const setFaults = (body: unknown) => control<FaultConfig>(emulator, 'PUT', '/faults', body);

describe('fault configuration', () => {
  it('starts with no faults, takes a configuration and clears it', async () => {
    const initial = await control<FaultConfig>(emulator, 'GET', '/faults');
    expect(initial.status).toBe(200);
    expect(initial.body.deliveries).toEqual({ duplicateRate: 0, shuffleWindow: 1, shuffleHoldMs: 100, dropRate: 0, delayMs: 0 });
    expect(initial.body.api).toEqual({
      errorRate: 0,
      rateLimitRate: 0,
      rateLimitCode: 'rate_limit',
      rateLimitShouldRetry: true,
      pathPrefix: null,
      latencyMs: 0,
      requestsPerSecond: 0,
      endpointRequestsPerSecond: 0,
    });

    const put = await setFaults({ seed: 7, deliveries: { dropRate: 0.25, shuffleWindow: 4 }, api: { errorRate: 0.1, pathPrefix: '/v1/customers' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      seed: 7,
      deliveries: { duplicateRate: 0, shuffleWindow: 4, shuffleHoldMs: 100, dropRate: 0.25, delayMs: 0 },
      api: {
        errorRate: 0.1,
        rateLimitRate: 0,
        rateLimitCode: 'rate_limit',
        rateLimitShouldRetry: true,
        pathPrefix: '/v1/customers',
        latencyMs: 0,
        requestsPerSecond: 0,
        endpointRequestsPerSecond: 0,
      },
    });
    expect((await control<FaultConfig>(emulator, 'GET', '/faults')).body).toEqual(put.body);

    const cleared = await control<FaultConfig>(emulator, 'DELETE', '/faults');
    expect(cleared.body.deliveries.dropRate).toBe(0);
    expect(cleared.body.api.errorRate).toBe(0);
  });

  it.each([
    [{ deliveries: { dropRate: 1.5 } }, 'deliveries.dropRate'],
    [{ deliveries: { duplicateRate: 'often' } }, 'deliveries.duplicateRate'],
    [{ deliveries: { shuffleWindow: 0 } }, 'deliveries.shuffleWindow'],
    [{ deliveries: { delayMs: -1 } }, 'deliveries.delayMs'],
    [{ deliveries: { sometimes: true } }, 'deliveries.sometimes'],
    [{ api: { errorRate: 0.6, rateLimitRate: 0.6 } }, 'api.rateLimitRate'],
    [{ api: { rateLimitCode: 'slow_down' } }, 'api.rateLimitCode'],
    [{ api: { pathPrefix: '/_emulator' } }, 'api.pathPrefix'],
    [{ api: { rateLimitShouldRetry: 'no' } }, 'api.rateLimitShouldRetry'],
    [{ api: { latencyMs: 60_001 } }, 'api.latencyMs'],
    [{ api: { requestsPerSecond: -1 } }, 'api.requestsPerSecond'],
    [{ api: { endpointRequestsPerSecond: 2.5 } }, 'api.endpointRequestsPerSecond'],
    [{ seed: 1.5 }, 'seed'],
    [{ chaos: true }, 'chaos'],
    [[1, 2], 'body'],
    ['{not json', 'body'],
  ])('rejects %j with a 400 naming %s', async (body, param) => {
    const res = await control<{ error: { param: string; message: string } }>(emulator, 'PUT', '/faults', body);
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe(param);
    expect(res.body.error.message.length).toBeGreaterThan(5);
  });

  it('is reset by POST /_emulator/reset', async () => {
    await setFaults({ api: { errorRate: 1 } });
    await control(emulator, 'POST', '/reset');
    expect((await control<FaultConfig>(emulator, 'GET', '/faults')).body.api.errorRate).toBe(0);
    await expect(stripe.customers.create({ email: 'after-reset@x.io' })).resolves.toHaveProperty('id');
  });
});

describe('API faults', () => {
  it('answers 500 api_error with Stripe-Should-Retry: true and changes nothing', async () => {
    await setFaults({ api: { errorRate: 1 } });
    const err = await stripe.customers.create({ email: 'never@x.io' }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeAPIError)) throw err;
    expect(err.statusCode).toBe(500);
    expect(err.type).toBe('StripeAPIError');
    const raw = await fetch(`${emulator.url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_x' } });
    expect(raw.status).toBe(500);
    expect(raw.headers.get('stripe-should-retry')).toBe('true');
    expect(raw.headers.get('request-id')).toMatch(/^req_/);
    await control(emulator, 'DELETE', '/faults');
    expect((await stripe.customers.list()).data).toEqual([]);
    expect((await stripe.events.list()).data).toEqual([]);
  });

  it('answers 429 rate_limit or lock_timeout', async () => {
    await setFaults({ api: { rateLimitRate: 1 } });
    const err = await stripe.products.list().catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeRateLimitError)) throw err;
    expect(err.statusCode).toBe(429);
    expect(err.code).toBe('rate_limit');
    await setFaults({ api: { rateLimitRate: 1, rateLimitCode: 'lock_timeout' } });
    const lock = await stripe.products.list().catch((e: unknown) => e);
    if (!(lock instanceof Stripe.errors.StripeError)) throw lock;
    expect([lock.statusCode, lock.code]).toEqual([429, 'lock_timeout']);
  });

  it('limits faults to a path prefix', async () => {
    await setFaults({ api: { errorRate: 1, pathPrefix: '/v1/customers' } });
    await expect(stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await expect(stripe.products.create({ name: 'Unaffected' })).resolves.toHaveProperty('name', 'Unaffected');
  });

  it('does not store a faulted request for idempotency, so the same key runs for real later', async () => {
    await setFaults({ api: { errorRate: 1 } });
    await expect(stripe.customers.create({ email: 'a@x.io' }, { idempotencyKey: 'key-faulted' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await control(emulator, 'DELETE', '/faults');
    // Different params under the same key: no idempotency_error, because nothing was recorded.
    const created = await stripe.customers.create({ email: 'b@x.io' }, { idempotencyKey: 'key-faulted' });
    expect(created.email).toBe('b@x.io');
  });

  it('lets the SDK retry through a seeded error rate, creating exactly one object', async () => {
    await setFaults({ seed: 1234, api: { errorRate: 0.5 } });
    const retrying = sdkFor(emulator, 10);
    const customers: Stripe.Customer[] = [];
    for (let i = 0; i < 4; i++) customers.push(await retrying.customers.create({ email: `retry${i}@x.io` }));
    const injected = await control<{ api_errors: number }>(emulator, 'GET', '/faults/injected');
    expect(injected.body.api_errors).toBeGreaterThan(0);
    await control(emulator, 'DELETE', '/faults');
    const listed = await stripe.customers.list({ limit: 100 });
    expect(listed.data.map((c) => c.email).sort()).toEqual(customers.map((c) => c.email).sort());
  });

  it('never touches /_emulator routes', async () => {
    await setFaults({ api: { errorRate: 1 } });
    expect((await control(emulator, 'GET', '/faults')).status).toBe(200);
  });
});

describe('delivery faults', () => {
  it('drops deliveries but keeps the events listable and logged as dropped', async () => {
    const { r, endpoint } = await hooked(['customer.created']);
    await setFaults({ deliveries: { dropRate: 1 } });
    const customer = await stripe.customers.create({ email: 'dropped@x.io' });
    await deliveriesIdle(emulator);
    expect(r.received).toEqual([]);
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
    const log = await deliveryLog(emulator, endpoint.id);
    expect(log.map((d) => [d.event_id, d.dropped, d.status])).toEqual([[event.id, true, null]]);
  });

  it('duplicates deliveries and logs the extra copy', async () => {
    const { r, endpoint } = await hooked(['customer.created']);
    await setFaults({ deliveries: { duplicateRate: 1 } });
    await stripe.customers.create({ email: 'twice@x.io' });
    await deliveriesIdle(emulator);
    expect(r.received).toHaveLength(2);
    expect(r.received[0].eventId).toBe(r.received[1].eventId);
    expect((await control<{ duplicated: number }>(emulator, 'GET', '/faults/injected')).body.duplicated).toBe(1);
    const log = await deliveryLog(emulator, endpoint.id);
    expect(log.map((d) => [d.duplicate, d.status])).toEqual([
      [false, 200],
      [true, 200],
    ]);
    expect((await stripe.events.retrieve(r.received[0].eventId)).pending_webhooks).toBe(0);
  });

  it('shuffles within windows, reproducibly for a seed', async () => {
    async function run(): Promise<{ created: string[]; received: string[] }> {
      const { r } = await hooked(['product.created']);
      // A long hold: windows are released because they are full, never because a slow (loaded) machine took a while.
      await setFaults({ seed: 99, deliveries: { shuffleWindow: 5, shuffleHoldMs: 60_000 } });
      const created: string[] = [];
      for (let i = 0; i < 10; i++) created.push((await stripe.products.create({ name: `P${i}` })).id);
      await deliveriesIdle(emulator);
      const received = r.received.map((h) => {
        const e: Stripe.Event = JSON.parse(h.body);
        return (e.data.object as Stripe.Product).id;
      });
      await control(emulator, 'POST', '/reset');
      return { created, received };
    }
    const first = await run();
    expect([...first.received].sort()).toEqual([...first.created].sort());
    expect(first.received).not.toEqual(first.created);
    // Each window of five is released on its own: the first five delivered are the first five created.
    expect([...first.received.slice(0, 5)].sort()).toEqual([...first.created.slice(0, 5)].sort());
    const second = await run();
    const positions = (r: { created: string[]; received: string[] }) => r.received.map((id) => r.created.indexOf(id));
    expect(positions(second)).toEqual(positions(first));
  });

  it('releases a partly filled window after its hold time, or at once on flush', async () => {
    const { r } = await hooked(['product.created']);
    await setFaults({ deliveries: { shuffleWindow: 50, shuffleHoldMs: 60_000 } });
    await stripe.products.create({ name: 'Held' });
    const waited = await control<{ idle: boolean }>(emulator, 'GET', '/deliveries/idle?timeout_ms=200');
    expect([waited.status, waited.body.idle]).toEqual([408, false]);
    expect(r.received).toEqual([]);
    const flushed = await control<{ idle: boolean }>(emulator, 'POST', '/flush');
    expect([flushed.status, flushed.body.idle]).toEqual([200, true]);
    expect(r.received.map((h) => h.type)).toEqual(['product.created']);
  });

  it('delays deliveries and logs the delay', async () => {
    const { r, endpoint } = await hooked(['product.created']);
    await setFaults({ deliveries: { delayMs: 120 } });
    await stripe.products.create({ name: 'Late' });
    await new Promise((res) => setTimeout(res, 40));
    expect(r.received).toEqual([]);
    await deliveriesIdle(emulator);
    expect(r.received).toHaveLength(1);
    expect((await deliveryLog(emulator, endpoint.id)).map((d) => d.delay_ms)).toEqual([120]);
  });

  it('resends a stored event to every matching endpoint', async () => {
    const one = await hooked(['customer.created']);
    const two = await hooked(['*']);
    const elsewhere = await hooked(['invoice.paid']);
    await setFaults({ deliveries: { dropRate: 1 } });
    await stripe.customers.create({ email: 'resend@x.io' });
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    await deliveriesIdle(emulator);
    expect(one.r.received).toEqual([]);

    const res = await control<{ event: string; endpoints: string[] }>(emulator, 'POST', `/events/${event.id}/resend`);
    expect(res.status).toBe(200);
    expect(res.body.endpoints.sort()).toEqual([one.endpoint.id, two.endpoint.id].sort());
    await deliveriesIdle(emulator);
    const verified = stripe.webhooks.constructEvent(one.r.received[0].body, one.r.received[0].signature, one.endpoint.secret ?? '');
    expect(verified.id).toBe(event.id);
    expect(two.r.received.map((h) => h.eventId)).toEqual([event.id]);
    expect(elsewhere.r.received).toEqual([]);
    const log = await deliveryLog(emulator, one.endpoint.id);
    expect(log.map((d) => [d.dropped, d.resend, d.status])).toEqual([
      [true, false, null],
      [false, true, 200],
    ]);

    const missing = await control<{ error: { message: string } }>(emulator, 'POST', '/events/evt_missing/resend');
    expect(missing.status).toBe(404);
  });

  it('rejects a bad timeout_ms on the idle route', async () => {
    const res = await control<{ error: { param: string } }>(emulator, 'GET', '/deliveries/idle?timeout_ms=soon');
    expect([res.status, res.body.error.param]).toEqual([400, 'timeout_ms']);
  });
});
