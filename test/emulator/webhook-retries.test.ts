import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import type { HookReceiver } from '../helpers/ops';
import { deliveriesIdle, deliveryLog, startHookReceiver, startOpsEmulator } from '../helpers/ops';

let emulator: RunningEmulator;
let stripe: Stripe;
const receivers: HookReceiver[] = [];

beforeAll(async () => {
  // Short backoff and timeout so retries happen within the test; the schedule is still exponential.
  ({ emulator, stripe } = await startOpsEmulator({ webhooks: { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 300, maxAttempts: 4 } }));
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(answer?: Parameters<typeof startHookReceiver>[0]): Promise<HookReceiver> {
  const r = await startHookReceiver(answer);
  receivers.push(r);
  return r;
}

describe('webhook delivery retries', () => {
  it('retries after two 500s and the third, successful delivery verifies with constructEvent', async () => {
    const r = await receiver((n) => ({ status: n <= 2 ? 500 : 200 }));
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    const customer = await stripe.customers.create({ email: 'thrice@x.io' });
    await deliveriesIdle(emulator);

    expect(r.received).toHaveLength(3);
    const events = r.received.map((h) => stripe.webhooks.constructEvent(h.body, h.signature, endpoint.secret ?? ''));
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
    const event = events[2];
    if (event.type !== 'customer.created') throw new Error(`unexpected ${event.type}`);
    expect(event.data.object.id).toBe(customer.id);
    expect(r.received[2].signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // A wrong secret does not verify: the signature really is over this payload with this secret.
    expect(() => stripe.webhooks.constructEvent(r.received[2].body, r.received[2].signature, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );

    const log = await deliveryLog(emulator, endpoint.id);
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
  });

  it('treats a timeout as a failure and retries it', async () => {
    const r = await receiver((n) => (n === 1 ? { delayMs: 1000 } : {}));
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['product.created'] });
    await stripe.products.create({ name: 'Slow' });
    await deliveriesIdle(emulator);
    const log = await deliveryLog(emulator, endpoint.id);
    expect(log.map((d) => [d.attempt, d.status, d.error])).toEqual([
      [1, null, 'timed out after 300 ms'],
      [2, 200, null],
    ]);
  });

  it('gives up after maxAttempts and settles pending_webhooks', async () => {
    const r = await receiver(() => ({ status: 500 }));
    // An event type no earlier test's endpoint wants, so pending_webhooks counts this endpoint alone
    // (a product.created also went to the previous test's endpoint, racing its delivery).
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['coupon.created'] });
    await stripe.coupons.create({ percent_off: 10, name: 'Doomed' });
    const [event] = (await stripe.events.list({ type: 'coupon.created', limit: 1 })).data;
    expect(event.pending_webhooks).toBe(1);
    await deliveriesIdle(emulator);
    const log = await deliveryLog(emulator, endpoint.id);
    expect(log.map((d) => d.attempt)).toEqual([1, 2, 3, 4]);
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
  });

  it('filters by enabled_events: exact types and *, and skips disabled endpoints', async () => {
    const exact = await receiver();
    const all = await receiver();
    const off = await receiver();
    await stripe.webhookEndpoints.create({ url: exact.url, enabled_events: ['price.created'] });
    await stripe.webhookEndpoints.create({ url: all.url, enabled_events: ['*'] });
    const disabled = await stripe.webhookEndpoints.create({ url: off.url, enabled_events: ['*'] });
    await stripe.webhookEndpoints.update(disabled.id, { disabled: true });
    await stripe.prices.create({ currency: 'usd', unit_amount: 500, product_data: { name: 'Filtered' } });
    await deliveriesIdle(emulator);
    expect(exact.received.map((h) => h.type)).toEqual(['price.created']);
    expect(all.received.map((h) => h.type)).toEqual(['product.created', 'price.created']);
    expect(off.received).toEqual([]);
  });
});
