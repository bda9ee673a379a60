import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Receiver, TestEmulator } from '../helpers/emulator';
import { eventually, GOOD_CARD, recurringPrice, startReceiver, startTestEmulator, submitCheckout, waitFor } from '../helpers/emulator';

let t: TestEmulator;
const receivers: Receiver[] = [];

beforeAll(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  const endpoints = await t.stripe.webhookEndpoints.list({ limit: 100 });
  for (const e of endpoints.data) await t.stripe.webhookEndpoints.del(e.id);
});
afterAll(async () => {
  await t.emulator.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(respond?: (n: number) => number): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function paySession(email: string, price: Stripe.Price): Promise<string> {
  const s = await t.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'https://app.example/ok',
    customer_email: email,
  });
  const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email });
  expect(res.status).toBe(303);
  return s.id;
}

interface Delivery {
  event_id: string;
  endpoint_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
}

async function deliveries(endpointId: string): Promise<Delivery[]> {
  const res = await fetch(`${t.emulator.url}/_emulator/deliveries?endpoint=${endpointId}`);
  const body: { data: Delivery[] } = await res.json();
  return body.data;
}

const FLOW = [
  'customer.created',
  'payment_method.attached',
  'customer.updated',
  'customer.subscription.created',
  'invoice.created',
  'invoice.finalized',
  'payment_intent.created',
  'charge.succeeded',
  'payment_intent.succeeded',
  'invoice_payment.paid',
  'invoice.paid',
  'invoice.payment_succeeded',
  'checkout.session.completed',
];

describe('webhook endpoints', () => {
  it('returns the generated secret only from create', async () => {
    const created = await t.stripe.webhookEndpoints.create({
      url: 'https://hooks.example/stripe',
      enabled_events: ['invoice.paid', 'customer.subscription.created'],
      description: 'billing',
      metadata: { env: 'test' },
    });
    expect(created.secret).toMatch(/^whsec_\w{32}$/);
    expect(created).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', description: 'billing', metadata: { env: 'test' } });
    const fetched = await t.stripe.webhookEndpoints.retrieve(created.id);
    expect(fetched.secret).toBeUndefined();
    expect(fetched.enabled_events).toEqual(['invoice.paid', 'customer.subscription.created']);

    const updated = await t.stripe.webhookEndpoints.update(created.id, { enabled_events: ['*'], disabled: true });
    expect(updated.enabled_events).toEqual(['*']);
    expect(updated.status).toBe('disabled');
    const listed = await t.stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toContain(created.id);
    const deleted = await t.stripe.webhookEndpoints.del(created.id);
    expect(deleted.deleted).toBe(true);
    const gone = await t.stripe.webhookEndpoints.retrieve(created.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('accepts a fixed secret through the test-only `secret` param', async () => {
    const params: Stripe.WebhookEndpointCreateParams & { secret?: string } = {
      url: 'https://hooks.example/fixed',
      enabled_events: ['*'],
      secret: 'whsec_fixed_for_tests_123',
    };
    const created = await t.stripe.webhookEndpoints.create(params);
    expect(created.secret).toBe('whsec_fixed_for_tests_123');
  });

  it('requires url and enabled_events', async () => {
    const err = await t.stripe.webhookEndpoints.create({ url: 'https://hooks.example/x', enabled_events: [] }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.param).toBe('enabled_events');
  });
});

describe('delivery', () => {
  // Deliveries run several at a time per endpoint, so arrival order is not event order (Stripe
  // does not promise it either); strict order with concurrency 1 is covered in faults.test.ts.
  it('signs every delivery so constructEvent verifies it', async () => {
    const price = await recurringPrice(t.stripe, 1500, 'Hooked');
    const r = await receiver();
    const endpoint = await t.stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    const secret = endpoint.secret ?? '';
    await paySession('signed@x.io', price);
    await waitFor(() => r.received.length >= FLOW.length);

    const events = r.received.map((d) => t.stripe.webhooks.constructEvent(d.body, d.signature, secret));
    expect(events.map((e) => e.type).sort()).toEqual([...FLOW].sort());
    expect(r.received[0].signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(r.received[0].headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.received[0].headers.get('user-agent')).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    if (completed?.type !== 'checkout.session.completed') throw new Error('no checkout.session.completed');
    expect(completed.data.object.status).toBe('complete');
    expect(completed.api_version).toBe('2026-10-28.endive');

    const tampered = r.received[0].body.replace('"livemode": false', '"livemode": true');
    expect(() => t.stripe.webhooks.constructEvent(tampered, r.received[0].signature, secret)).toThrow(Stripe.errors.StripeSignatureVerificationError);

    // Delivered events count down to zero pending webhooks.
    const stored = await eventually(
      () => t.stripe.events.retrieve(events[0].id),
      (e) => e.pending_webhooks === 0,
    );
    expect(stored.pending_webhooks).toBe(0);
    const log = await eventually(
      () => deliveries(endpoint.id),
      (d) => d.length === FLOW.length,
    );
    expect(log.map((d) => d.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(log.every((d) => d.status === 200 && d.attempt === 1)).toBe(true);
  });

  it('signs with a secret supplied through the extension', async () => {
    const r = await receiver();
    const params: Stripe.WebhookEndpointCreateParams & { secret?: string } = {
      url: r.url,
      enabled_events: ['checkout.session.completed'],
      secret: 'whsec_known_secret_abc',
    };
    const price = await recurringPrice(t.stripe, 1500, 'Hooked');
    await t.stripe.webhookEndpoints.create(params);
    const sessionId = await paySession('ext@x.io', price);
    await waitFor(() => r.received.length >= 1);
    const event = t.stripe.webhooks.constructEvent(r.received[0].body, r.received[0].signature, 'whsec_known_secret_abc');
    expect(event.type).toBe('checkout.session.completed');
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(sessionId);
  });

  it('sends only the enabled event types', async () => {
    const r = await receiver();
    const price = await recurringPrice(t.stripe, 1500, 'Hooked');
    await t.stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['invoice.paid', 'customer.created'] });
    await paySession('filtered@x.io', price);
    await waitFor(() => r.received.length >= 2);
    await new Promise((res) => setTimeout(res, 200));
    const types = r.received.map((d) => JSON.parse(d.body).type);
    expect(types).toEqual(['customer.created', 'invoice.paid']);
  });

  it('retries a delivery the receiver answered with 500, and logs both attempts', async () => {
    const r = await receiver((n) => (n === 1 ? 500 : 200));
    const endpoint = await t.stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    const customer = await t.stripe.customers.create({ email: 'retry@x.io' });
    const event = (await t.stripe.events.list({ type: 'customer.created', limit: 1 })).data[0];
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event.pending_webhooks).toBe(1);

    await waitFor(() => r.received.length >= 2);
    const [first, second] = r.received.map((d) => t.stripe.webhooks.constructEvent(d.body, d.signature, endpoint.secret ?? ''));
    expect(first.id).toBe(event.id);
    expect(second.id).toBe(event.id);

    const log = await eventually(
      () => deliveries(endpoint.id),
      (d) => d.length >= 2,
    );
    expect(log.map((d) => [d.event_id, d.attempt, d.status])).toEqual([
      [event.id, 1, 500],
      [event.id, 2, 200],
    ]);
    const settled = await eventually(
      () => t.stripe.events.retrieve(event.id),
      (e) => e.pending_webhooks === 0,
    );
    expect(settled.pending_webhooks).toBe(0);
  });

  it('does not hold up the API while a receiver is slow or unreachable', async () => {
    const endpoint = await t.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/unreachable', enabled_events: ['*'] });
    const started = Date.now();
    await t.stripe.customers.create({ email: 'fast@x.io' });
    expect(Date.now() - started).toBeLessThan(1000);
    const log = await eventually(
      () => deliveries(endpoint.id),
      (d) => d.length >= 1,
    );
    expect(log[0].status).toBeNull();
    expect(log[0].error).toBeTruthy();
  });
});

describe('control routes', () => {
  it('reset clears all state', async () => {
    await t.stripe.customers.create({ email: 'reset@x.io' });
    const res = await fetch(`${t.emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await t.stripe.customers.list()).data).toEqual([]);
    expect((await t.stripe.events.list()).data).toEqual([]);
    const unknownUnderV1 = await fetch(`${t.emulator.url}/v1/_emulator/reset`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_x' },
    });
    expect(unknownUnderV1.status).toBe(404);
  });
});
