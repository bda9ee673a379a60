import type Stripe from 'stripe';
import { Subscription } from '../../db/models';
import { idOf, newestPerObject } from '../apply/snapshot';
import type { ObjectHandler } from './types';
import type { PendingChange } from '../../../shared/itemChange';
import { plansForPrices } from '../apply/pricePlans';
import type { Sql } from '../../db/sql';

const LIVE = new Set<Stripe.SubscriptionSchedule.Status>(['not_started', 'active']);

/**
 * The change a schedule holds for later: the phase after its current one (Recur makes schedules of
 * two phases, the current period and the change), by Stripe's `current_phase`, so it holds on a
 * test clock too. Null once the schedule is released, canceled or completed, or when no phase lies ahead.
 */
export async function pendingChangeOf(schedule: Stripe.SubscriptionSchedule, sql: Sql): Promise<PendingChange | null> {
  if (!LIVE.has(schedule.status)) return null;
  const currentEnd = schedule.current_phase?.end_date;
  const next = currentEnd === undefined ? schedule.phases[0] : schedule.phases.find((phase) => phase.start_date >= currentEnd);
  if (!next) return null;
  const priceIds = next.items.map((item) => idOf(item.price)!);
  const plans = await plansForPrices(priceIds, sql);
  return {
    items: next.items.map((item) => ({ planId: plans.get(idOf(item.price)!)?.planId ?? null, stripePriceId: idOf(item.price)!, quantity: item.quantity ?? 1 })),
    effectiveAt: new Date(next.start_date * 1000).toISOString(),
  };
}

/**
 * subscription_schedule.* events: the subscription shows the change waiting for its period's end
 * (DESIGN §3.1 `pendingChange`), or none once the schedule is released, canceled or done.
 */
export const subscriptionScheduleHandler: ObjectHandler<Stripe.SubscriptionSchedule> = {
  parents: (schedule) => ({ customer: idOf(schedule.customer), subscription: idOf(schedule.subscription) }),
  // Schedule events carry nothing that orders two of the same second (updated, then released), and
  // they are rare: each is read from Stripe as it is now, as the catalog's are.
  async prefetch(snapshots, { stripe }, into) {
    for (const id of new Set(snapshots.filter((s) => s.eventId !== null).map((s) => s.object.id))) {
      into.schedules.set(id, await stripe.subscriptionSchedules.retrieve(id));
    }
  },
  async apply(snapshots, unit) {
    for (const newest of newestPerObject(snapshots, () => 0).values()) {
      let object = unit.prefetched.schedules.get(newest.object.id) ?? newest.object;
      const subscriptionId = idOf(object.subscription) ?? idOf(object.released_subscription);
      if (!subscriptionId) continue;
      const subscription = await Subscription.findOne({ where: { stripeSubscriptionId: subscriptionId }, transaction: unit.transaction });
      if (!subscription) continue;
      // About to start tracking a live schedule: read it again, under the write lock. The read
      // before the transaction may predate a release Recur made since (the admin dropping the
      // change), whose mirror has cleared the row or waits on this lock; applied, that older read
      // would bring the dropped change back. Rare: Recur's own schedules are mirrored when made.
      if (LIVE.has(object.status) && subscription.stripeScheduleId !== object.id) object = await unit.stripe.subscriptionSchedules.retrieve(object.id);
      // A schedule Recur no longer tracks (another replaced it) says nothing about the subscription.
      if (subscription.stripeScheduleId && subscription.stripeScheduleId !== object.id && !LIVE.has(object.status)) continue;
      const pending = await pendingChangeOf(object, unit.sql);
      await subscription.update({ stripeScheduleId: LIVE.has(object.status) ? object.id : null, pendingChange: pending }, { transaction: unit.transaction });
    }
  },
};
