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
});
