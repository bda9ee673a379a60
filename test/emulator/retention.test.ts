import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { control, startOpsEmulator } from '../helpers/ops';

const DAY = 24 * 3600;
let now = 1_800_000_000;
let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  // The emulator's base clock, moved by the test: events expire against it, not the wall clock.
  ({ emulator, stripe } = await startOpsEmulator({ clock: { now: () => now } }));
});
afterAll(async () => {
  await emulator.close();
});

describe('event retention', () => {
  it('lists and retrieves events for 30 days, then neither', async () => {
    await stripe.customers.create({ email: 'old@x.io' });
    const [old] = (await stripe.events.list()).data;
    expect(old.created).toBe(now);

    now += 20 * DAY;
    await stripe.customers.create({ email: 'newer@x.io' });
    const [newer] = (await stripe.events.list({ limit: 1 })).data;

    now += 10 * DAY; // `old` is exactly 30 days old: still kept.
    expect((await stripe.events.list()).data.map((e) => e.id)).toEqual([newer.id, old.id]);
    expect((await stripe.events.retrieve(old.id)).id).toBe(old.id);

    now += 1;
    expect((await stripe.events.list()).data.map((e) => e.id)).toEqual([newer.id]);
    const err = await stripe.events.retrieve(old.id).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect([err.statusCode, err.code]).toEqual([404, 'resource_missing']);
    const resend = await control(emulator, 'POST', `/events/${old.id}/resend`);
    expect(resend.status).toBe(404);

    now += 20 * DAY;
    expect((await stripe.events.list()).data).toEqual([]);
    // The objects themselves are not affected by their events expiring.
    expect((await stripe.customers.list()).data).toHaveLength(2);
  });

  it('keeps a test clock’s events for 30 days from when they happened here, however old their created', async () => {
    await control(emulator, 'POST', '/reset');
    const frozen = now - 90 * DAY;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
    const customer = await stripe.customers.create({ email: 'past@x.io', test_clock: clock.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Past' } });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: 'pm_card_visa' });
    const stored = (await stripe.events.list({ limit: 100 })).data;
    const onClock = stored.filter((e) => e.created === frozen);
    expect(onClock.map((e) => e.type)).toContain('invoice.paid');
    expect((await stripe.events.retrieve(onClock[0].id)).created).toBe(frozen);

    now += 30 * DAY;
    expect((await stripe.events.list({ limit: 100 })).data.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    now += 1;
    expect((await stripe.events.list({ limit: 100 })).data).toEqual([]);
  });
});
