import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, StripeEvent } from '../../server/db/models';
import { startTestRecur, TEST_WEBHOOK_SECRET, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

function customerEvent(id: string, type: string, customer: { id: string; email: string; name: string }, created = Math.floor(Date.now() / 1000)) {
  return {
    id,
    object: 'event',
    type,
    created,
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { object: 'customer', created, currency: null, metadata: {}, ...customer } },
  };
}

function deliver(payload: string, signature?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['stripe-signature'] = signature;
  return recur.app.request('/webhooks/stripe', { method: 'POST', body: payload, headers });
}

const sign = (payload: string, secret = TEST_WEBHOOK_SECRET, timestamp?: number) =>
  recur.stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

describe('POST /webhooks/stripe', () => {
  it.each([
    ['no signature', undefined],
    ['a signature made with another secret', 'other'],
    ['a garbage signature', 't=1,v1=deadbeef'],
    ['a stale signature (over 300 s old)', 'stale'],
    ['a signature from the future (over 300 s ahead)', 'future'],
    ['an empty signature', ''],
    ['a right signature over another body', 'swapped'],
  ])('refuses %s with 400 and stores nothing', async (_what, kind) => {
    const payload = JSON.stringify(customerEvent(`evt_bad_${kind}`, 'customer.created', { id: `cus_bad_${kind}`, email: 'x@example.com', name: 'X' }));
    const signature =
      kind === 'other'
        ? sign(payload, 'whsec_someone_else')
        : kind === 'stale'
          ? sign(payload, TEST_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301)
          : kind === 'future'
            ? sign(payload, TEST_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + 301)
            : kind === 'swapped'
              ? sign(payload.replace('x@example.com', 'y@example.com'))
              : kind;
    const [events, customers] = [await StripeEvent.count(), await Customer.count()];
    const res = await deliver(payload, signature);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/signature/i);
    await recur.inbox.idle();
    expect([await StripeEvent.count(), await Customer.count()]).toEqual([events, customers]);
    expect(await StripeEvent.findByPk(`evt_bad_${kind}`)).toBeNull();
    expect(await Customer.findOne({ where: { stripeCustomerId: `cus_bad_${kind}` } })).toBeNull();
  });

  it('refuses a signed body that is not an event with 400', async () => {
    const payload = 'this is not json';
    const res = await deliver(payload, sign(payload));
    expect(res.status).toBe(400);
  });

  it('applies an event once, however often it is delivered', async () => {
    const event = customerEvent('evt_dup_1', 'customer.created', { id: 'cus_dup_1', email: 'dup@example.com', name: 'Dup' });
    const payload = JSON.stringify(event);
    const first = await deliver(payload, sign(payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await deliver(payload, sign(payload));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    await recur.inbox.idle();

    const row = await StripeEvent.findByPk('evt_dup_1');
    expect(row).toMatchObject({ status: 'processed', attempts: 1, type: 'customer.created' });
    expect(await Customer.count({ where: { stripeCustomerId: 'cus_dup_1' } })).toBe(1);
  });

  it('never lets an older event overwrite newer state', async () => {
    const now = Math.floor(Date.now() / 1000);
    const newer = JSON.stringify(customerEvent('evt_order_2', 'customer.updated', { id: 'cus_order', email: 'new@example.com', name: 'New' }, now));
    const older = JSON.stringify(customerEvent('evt_order_1', 'customer.created', { id: 'cus_order', email: 'old@example.com', name: 'Old' }, now - 10));
    expect((await deliver(newer, sign(newer))).status).toBe(200);
    expect((await deliver(older, sign(older))).status).toBe(200);
    await recur.inbox.idle();
    const customer = await Customer.findOne({ where: { stripeCustomerId: 'cus_order' } });
    expect(customer).toMatchObject({ email: 'new@example.com', name: 'New' });
  });

  it('stores an unknown event type and acknowledges it with 200', async () => {
    const payload = JSON.stringify({
      ...customerEvent('evt_unknown_1', 'radar.early_fraud_warning.created', { id: 'x', email: '', name: '' }),
      data: { object: { id: 'issfr_1', object: 'radar.early_fraud_warning' } },
    });
    const res = await deliver(payload, sign(payload));
    expect(res.status).toBe(200);
    await recur.inbox.idle();
    expect(await StripeEvent.findByPk('evt_unknown_1')).toMatchObject({ status: 'ignored', type: 'radar.early_fraud_warning.created' });
  });
});
