import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, StripeEvent } from '../../server/db/models';
import { eventually, startTestRecur, type TestRecur } from '../helpers/recur';
import { deliver } from '../helpers/webhooks';

/**
 * Signed with the right secret, so only the content is wrong. Refused (400, nothing stored) when an
 * event cannot be Stripe's; an impossible event stored by another path is quarantined when applied.
 */
let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
let seq = 0;

function event(type: string, object: Record<string, unknown>, fields: Record<string, unknown> = {}) {
  return {
    id: `evt_impossible_${++seq}`,
    object: 'event',
    type,
    created: now(),
    api_version: '2026-10-28.endive',
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
    ...fields,
  };
}
const customer = (id: string, name = 'Ada', extra: Record<string, unknown> = {}) => ({
  id,
  object: 'customer',
  email: `${id}@example.com`,
  name,
  currency: null,
  metadata: {},
  test_clock: null,
  ...extra,
});

async function counts(): Promise<number[]> {
  await recur.inbox.idle();
  return [await StripeEvent.count(), await Customer.count()];
}

async function expectRefused(body: object, message: RegExp, status = 400): Promise<void> {
  const before = await counts();
  const res = await deliver(recur, body);
  expect(res.status).toBe(status);
  expect((await res.json()).message).toMatch(message);
  expect(await counts()).toEqual(before);
}

describe('ids', () => {
  // Stripe: "you can safely assume object IDs we generate will never exceed 255 characters"
  // (docs.stripe.com/upgrades, backward-compatible changes). The events' ids are Stripe's too.
  it('refuses an object of a type Recur applies whose id is null, missing, or not a string', async () => {
    await expectRefused(event('customer.created', customer('x', 'Ada', { id: null })), /data\.object\.id \(a customer\) must be a non-empty string/);
    const { id: _dropped, ...noId } = customer('y');
    await expectRefused(event('customer.updated', noId), /data\.object\.id/);
    await expectRefused(event('customer.updated', customer('z', 'Ada', { id: 42 })), /data\.object\.id/);
  });

  it('refuses ids longer than 255 characters, and takes one of exactly 255', async () => {
    await expectRefused(event('customer.created', customer(`cus_${'a'.repeat(252)}`)), /longer than the 255 characters/);
    await expectRefused({ ...event('customer.created', customer('cus_ok')), id: `evt_${'e'.repeat(252)}` }, /The event's id is longer than the 255/);
    const longest = `cus_${'b'.repeat(251)}`;
    expect((await deliver(recur, event('customer.created', customer(longest, 'Longest', { email: 'longest@example.com' })))).status).toBe(200);
    await recur.inbox.idle();
    expect(await Customer.findOne({ where: { stripeCustomerId: longest } })).not.toBeNull();
  });

  it('refuses an id with a control character (PostgreSQL text cannot hold NUL)', async () => {
    await expectRefused(event('customer.created', customer('cus_nul\u0000x')), /control character/);
  });

  // The balance object has no id (docs.stripe.com/api/balance/balance_object); "The received Invoice
  // object will not have an invoice ID" for invoice.upcoming (docs.stripe.com/api/events/types).
  it('takes an object without an id where Stripe sends one: a balance, an upcoming invoice', async () => {
    const balance = event('balance.available', { object: 'balance', available: [], pending: [], livemode: false });
    expect((await deliver(recur, balance)).status).toBe(200);
    const upcoming = event('invoice.upcoming', { object: 'invoice', customer: 'cus_nobody', amount_due: 100, currency: 'usd' });
    expect((await deliver(recur, upcoming)).status).toBe(200);
    await recur.inbox.idle();
    expect((await StripeEvent.findByPk(balance.id))?.status).toBe('ignored');
  });
});

describe('created', () => {
  it('refuses a created that is not a whole, positive, storable number of seconds', async () => {
    for (const created of [1.5, -1, 0, 1e300, '1780000000', null]) {
      await expectRefused(event('customer.created', customer('cus_when'), { created }), /created must be a whole number of seconds/);
    }
  });

  // Each mirrored row keeps the `created` of the last event applied and ignores older ones: one
  // event dated next year would freeze the customer until then. Live events are created before
  // they are delivered; test clocks, which date events ahead, exist in test mode only
  // (docs.stripe.com/api/test_clocks: "objects in testmode").
  it('refuses a live event dated ahead, so later real events still apply', async () => {
    expect((await deliver(recur, event('customer.created', customer('cus_future'), { created: now() - 10 }))).status).toBe(200);
    await expectRefused(
      event('customer.updated', customer('cus_future', 'From next year'), { livemode: true, created: now() + 365 * DAY }),
      /is in the future/,
    );
    // A test-mode object that says it is on no test clock cannot be dated ahead either.
    await expectRefused(event('customer.updated', customer('cus_future', 'Not on a clock'), { created: now() + DAY }), /is in the future/);
    expect((await deliver(recur, event('customer.updated', customer('cus_future', 'Now'), { created: now() }))).status).toBe(200);
    await recur.inbox.idle();
    expect((await Customer.findOne({ where: { stripeCustomerId: 'cus_future' } }))?.name).toBe('Now');
  });

  it('takes a test-clock object dated ahead: a test clock runs ahead of the wall clock', async () => {
    const ahead = event('customer.created', customer('cus_on_clock', 'Clocked', { test_clock: 'clock_123' }), { created: now() + 30 * DAY });
    expect((await deliver(recur, ahead)).status).toBe(200);
    await recur.inbox.idle();
    expect((await Customer.findOne({ where: { stripeCustomerId: 'cus_on_clock' } }))?.name).toBe('Clocked');
  });

  it('quarantines an impossible event stored another way: failed for good, not applied', async () => {
    expect((await deliver(recur, event('customer.created', customer('cus_quarantine', 'Before'), { created: now() - 10 }))).status).toBe(200);
    // As a catch-up of an older Recur, or a database restored from one, would have stored it.
    const bad = event('customer.updated', customer('cus_quarantine', 'From 2100'), { livemode: true, created: 4_102_444_800 });
    await recur.inbox.record(bad as never);
    recur.inbox.kick();
    const row = await eventually(async () => {
      const stored = await StripeEvent.findByPk(bad.id);
      return stored?.status === 'failed' ? stored : null;
    });
    expect(row.error).toMatch(/^Quarantined, not applied: created \(2100-01-01T00:00:00.000Z\) is in the future/);
    expect(row.nextAttemptAt).toBeNull();
    expect((await Customer.findOne({ where: { stripeCustomerId: 'cus_quarantine' } }))?.name).toBe('Before');
    expect((await deliver(recur, event('customer.updated', customer('cus_quarantine', 'After'), { created: now() }))).status).toBe(200);
    await recur.inbox.idle();
    expect((await Customer.findOne({ where: { stripeCustomerId: 'cus_quarantine' } }))?.name).toBe('After');
    expect((await StripeEvent.findByPk(bad.id))?.status).toBe('failed');
  });
});

describe('the rest of the envelope', () => {
  it('refuses names longer than the inbox keeps, versions that are not versions, and a missing livemode', async () => {
    await expectRefused(event(`customer.${'x'.repeat(80)}`, customer('cus_env')), /type must be a Stripe event type/);
    await expectRefused(
      event('customer.created', { ...customer('cus_env'), object: `customer_${'x'.repeat(40)}` }),
      /data\.object\.object must be a Stripe object type/,
    );
    await expectRefused(event('customer.created', customer('cus_env'), { api_version: 'yesterday' }), /api_version must be a Stripe API version/);
    await expectRefused(event('customer.created', customer('cus_env'), { livemode: 'no' }), /livemode must be true or false/);
    await expectRefused(event('customer.created', customer('cus_env'), { data: { object: [] } }), /data\.object must be an object/);
  });

  // Stripe documents no largest event; metadata, the free-form part, is at most 50 keys of 40 and
  // 500 characters (docs.stripe.com/api/metadata). Recur takes up to 1 MiB.
  it('refuses a body over 1 MiB with 413', async () => {
    const padding = 'p'.repeat(1024 * 1024);
    await expectRefused(event('customer.created', customer('cus_big', 'Big', { metadata: { padding } })), /at most 1048576 bytes/, 413);
  });
});
