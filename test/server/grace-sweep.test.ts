import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEvent, Customer, Subscription } from '../../server/db/models';
import { announceEndedGraces } from '../../server/appEvents/graceSweep';
import { advanceClock, DAY, monthStart } from '../helpers/clock';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// A past_due subscription's grace period (the access policy's pastDueGraceDays, 7 by default)
// ends on the clock, with no Stripe event: the sweep announces it, once, as access.changed.
// The subscription gets past_due the way Stripe makes it: a renewal on a card that fails
// (pm_card_chargeCustomerFail, docs.stripe.com/testing) on a test clock.

let recur: TestRecur;
let cookie: string;
const RENEWAL = monthStart(1);

beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const accessEvents = async () =>
  (await AppEvent.findAll({ where: { type: 'access.changed' }, order: [['createdAt', 'ASC']] })).map((e) => e.data as Record<string, unknown>);

describe('grace periods that end on the clock', () => {
  it('sends access.changed once when a past_due grace period runs out', async () => {
    const clock: Stripe.TestHelpers.TestClock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
    const customer = await recur.stripe.customers.create({ email: 'grace@example.com', name: 'Grace', test_clock: clock.id });
    await signUp(recur, 'Gold Monthly', 'grace@example.com');
    await settle(recur);
    const local = (await Customer.findOne({ where: { stripeCustomerId: customer.id } }))!;
    const subscription = (await Subscription.findOne({ where: { customerId: local.id } }))!;
    const pm = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: pm.id });

    const res = await recur.app.request('/api/webhook-endpoints', {
      method: 'POST',
      headers: { cookie, origin: recur.baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://app.example.com/recur', events: ['access.changed'] }),
    });
    expect(res.status).toBe(201);
    await recur.webhooksOut.stop();

    await advanceClock(recur.stripe, clock.id, RENEWAL + 60);
    await settle(recur);
    expect((await subscription.reload()).status).toBe('past_due');
    // Turning past_due started the grace period: the apply path announced it (still entitled, until when).
    const [entering, ...none] = await accessEvents();
    expect(none).toEqual([]);
    expect(entering).toMatchObject({
      access: { entitled: true, graceUntil: new Date((RENEWAL + 7 * DAY) * 1000).toISOString() },
      previous: { entitled: true, graceUntil: null },
    });

    expect(await announceEndedGraces(recur.db, new Date((RENEWAL + DAY) * 1000))).toBe(0); // the first sweep only marks the time
    expect(await announceEndedGraces(recur.db, new Date((RENEWAL + 3 * DAY) * 1000))).toBe(0);
    expect(await announceEndedGraces(recur.db, new Date((RENEWAL + 8 * DAY) * 1000))).toBe(1);
    expect(await announceEndedGraces(recur.db, new Date((RENEWAL + 9 * DAY) * 1000))).toBe(0);

    const [, event, ...more] = await accessEvents();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      customerId: local.id,
      email: 'grace@example.com',
      access: { entitled: false, reason: 'past_due, grace period over' },
      previous: { entitled: true, reason: 'past_due, within 7 grace days' },
    });
  });
});
