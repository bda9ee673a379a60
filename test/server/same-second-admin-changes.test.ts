import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { Customer, Subscription } from '../../server/db/models';
import { emptyPrefetched, type ApplyUnit } from '../../server/stripe/apply/unit';
import { sqlIn } from '../../server/db/sql';
import { ReadAgain } from '../../server/stripe/apply/snapshot';
import { mirrorSubscriptions } from '../../server/stripe/handlers/subscription';
import { subscriptionScheduleHandler } from '../../server/stripe/handlers/subscriptionSchedule';
import { deliver } from '../helpers/webhooks';
import { PINNED_API_VERSION } from '../../server/stripe/client';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { jsonRequest } from '../helpers/api';

/**
 * Stripe's event `created` is whole seconds (docs.stripe.com/api/events/object), so an admin who
 * cancels and resumes within one second makes two states of a subscription with one timestamp:
 * the first action's webhook may arrive after the second action was mirrored. The mirror must end
 * where Stripe is, not where the late webhook says.
 */
let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const call = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

describe('cancel and resume within one second', () => {
  it('ends with the mirror equal to Stripe after every round of quick toggles', async () => {
    await signUp(recur, 'Silver Monthly', 'toggle@example.com');
    await settle(recur);
    const customer = await Customer.findOne({ where: { email: 'toggle@example.com' } });
    const subscription = (await Subscription.findOne({ where: { customerId: customer!.id } }))!;

    for (let round = 0; round < 6; round++) {
      expect((await call('POST', `/api/subscriptions/${subscription.id}/cancel`, { atPeriodEnd: true })).status).toBe(200);
      const resumed = await call('POST', `/api/subscriptions/${subscription.id}/resume`);
      expect(resumed.status).toBe(200);
      expect(await resumed.json()).toMatchObject({ cancelAtPeriodEnd: false });
      await settle(recur);
      const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
      expect(remote.cancel_at_period_end).toBe(false);
      await subscription.reload();
      expect(subscription.cancelAtPeriodEnd).toBe(false);
      // Resuming what is not set to end is refused, as the panel's state says.
      expect((await call('POST', `/api/subscriptions/${subscription.id}/resume`)).status).toBe(409);
    }
  });
});

describe('a late event of the same second as the mirrored state', () => {
  it('is not applied over it inside the transaction, and through the worker ends where Stripe is', async () => {
    await signUp(recur, 'Silver Monthly', 'late@example.com');
    await settle(recur);
    const customer = (await Customer.findOne({ where: { email: 'late@example.com' } }))!;
    const subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
    await call('POST', `/api/subscriptions/${subscription.id}/cancel`, { atPeriodEnd: true });
    await call('POST', `/api/subscriptions/${subscription.id}/resume`);
    await settle(recur);
    await subscription.reload();
    expect(subscription.cancelAtPeriodEnd).toBe(false);

    // The cancel's state, as an event stamped with the second the row holds.
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    const canceling: Stripe.Subscription = { ...remote, cancel_at_period_end: true };
    const created = Number(subscription.lastEventAt);
    const event = {
      id: 'evt_same_second_cancel',
      object: 'event',
      type: 'customer.subscription.updated',
      created,
      livemode: false,
      pending_webhooks: 1,
      api_version: PINNED_API_VERSION,
      request: { id: null, idempotency_key: null },
      data: { object: canceling, previous_attributes: { cancel_at_period_end: false } },
    };

    // Had the worker's prefetch looked before the resume was mirrored, the transaction sees the tie and gives the batch back.
    await expect(
      recur.db.write(async (transaction) => {
        const unit: ApplyUnit = {
          transaction,
          sql: sqlIn(recur.db, transaction),
          prefetched: emptyPrefetched(created),
          customerIds: new Map([[customer.stripeCustomerId!, customer.id]]),
          subscriptionIds: new Map(),
          invoiceIds: new Map(),
          touchedCustomers: new Set(),
          paidCustomers: new Set(),
          stripe: recur.stripe,
        };
        await mirrorSubscriptions([{ object: canceling, created, type: event.type, eventId: event.id }], unit);
      }),
    ).rejects.toBeInstanceOf(ReadAgain);
    await subscription.reload();
    expect(subscription.cancelAtPeriodEnd).toBe(false);

    // Delivered for real, the worker asks Stripe which state is the latest, and the row stays as Stripe has it.
    expect((await deliver(recur, event)).status).toBe(200);
    await settle(recur);
    await subscription.reload();
    expect(subscription.cancelAtPeriodEnd).toBe(false);
  });
});

describe('a schedule read before a release Recur has mirrored since', () => {
  // The schedule handler reads a schedule from Stripe before its transaction; the admin dropping
  // the change (a release, mirrored at once) can land between that read and the write. Applied,
  // the older read would bring the dropped change back (docs.stripe.com/api/subscription_schedules/release:
  // a released schedule stays released).
  it('is read again under the write lock, so the release stands', async () => {
    await signUp(recur, 'Silver Monthly', 'released@example.com');
    await settle(recur);
    const customer = (await Customer.findOne({ where: { email: 'released@example.com' } }))!;
    const subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
    const stale = await recur.stripe.subscriptionSchedules.create({ from_subscription: subscription.stripeSubscriptionId });
    expect(stale.status).toBe('active');
    expect((await recur.stripe.subscriptionSchedules.release(stale.id)).status).toBe('released');
    await settle(recur);
    await subscription.reload();
    expect(subscription.stripeScheduleId).toBeNull();

    await recur.db.write(async (transaction) => {
      const prefetched = emptyPrefetched(stale.created);
      prefetched.schedules.set(stale.id, stale);
      const unit: ApplyUnit = {
        transaction,
        sql: sqlIn(recur.db, transaction),
        prefetched,
        customerIds: new Map([[customer.stripeCustomerId!, customer.id]]),
        subscriptionIds: new Map([[subscription.stripeSubscriptionId, subscription.id]]),
        invoiceIds: new Map(),
        touchedCustomers: new Set(),
        paidCustomers: new Set(),
        stripe: recur.stripe,
      };
      await subscriptionScheduleHandler.apply(
        [{ object: stale, created: stale.created, type: 'subscription_schedule.created', eventId: 'evt_stale_read' }],
        unit,
      );
    });
    await subscription.reload();
    expect(subscription.stripeScheduleId).toBeNull();
    expect(subscription.pendingChange).toBeNull();
  });
});
