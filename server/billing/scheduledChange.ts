import type Stripe from 'stripe';
import { ConflictError, NotFoundError } from '../errors';
import { Subscription } from '../db/models';
import type { HandlerContext } from '../stripe/handlers';
import { applySnapshots } from '../stripe/apply/batch';
import { fetched, idOf } from '../stripe/apply/snapshot';
import { finish } from './subscriptions';
import type { AuditActor } from './audit';

/** A planned change: Stripe's items parameter, and what the subscription comes to per period after it. */
export interface PlannedItems {
  items: Stripe.SubscriptionUpdateParams.Item[];
  /** the items as a schedule phase lists them (price and quantity) */
  phaseItems: { price: string; quantity: number }[];
  recurringAfter: number;
  baseName: string;
}

/** Applies a schedule Stripe returned at once, so the subscription shows its pending change without waiting for the webhook. */
function mirrorSchedule(ctx: HandlerContext, schedule: Stripe.SubscriptionSchedule): Promise<void> {
  return applySnapshots(new Map([['subscription_schedule', [fetched<unknown>(schedule, Math.floor(Date.now() / 1000))]]]), ctx);
}

const phaseItems = (phase: Stripe.SubscriptionSchedule.Phase) => phase.items.map((item) => ({ price: idOf(item.price)!, quantity: item.quantity ?? 1 }));

/**
 * The subscription's schedule, made from it if it has none. No idempotency key: a key reused
 * within Stripe's 24 hours would replay an earlier answer, a schedule since released, after a
 * scheduled change was dropped and made again. Stripe itself refuses a second schedule on one
 * subscription, so of two concurrent clicks one creates it and the other finds it.
 */
async function scheduleOf(ctx: HandlerContext, remote: Stripe.Subscription): Promise<Stripe.SubscriptionSchedule> {
  const existing = idOf(remote.schedule);
  if (existing) return ctx.stripe.subscriptionSchedules.retrieve(existing);
  try {
    return await ctx.stripe.subscriptionSchedules.create({ from_subscription: remote.id });
  } catch (error) {
    const now = idOf((await ctx.stripe.subscriptions.retrieve(remote.id)).schedule);
    if (now) return ctx.stripe.subscriptionSchedules.retrieve(now);
    throw error;
  }
}

/**
 * A change at the period's end, the way Stripe documents downgrades that wait for the renewal
 * (docs.stripe.com/billing/subscriptions/subscription-schedules/use-cases): the subscription is put
 * on a schedule (from_subscription), whose current phase ends with the period, followed by a phase
 * with the new items for one period; then the schedule releases the subscription, which renews on
 * the new items. Nothing is prorated or charged now. A change already scheduled is replaced.
 */
export async function schedulePeriodEndChange(ctx: HandlerContext, subscription: Subscription, change: PlannedItems): Promise<Stripe.Subscription> {
  const remote = await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  if (remote.cancel_at_period_end || remote.cancel_at) throw new ConflictError('The subscription is set to end: resume it before scheduling a change.');
  const schedule = await scheduleOf(ctx, remote);
  // Stripe's current_phase, not the wall clock: a customer on a test clock lives at its own time.
  const current = schedule.phases.find((phase) => phase.start_date === schedule.current_phase?.start_date) ?? schedule.phases[0];
  if (!current) throw new ConflictError('The subscription schedule has no current phase');
  const price = remote.items.data[0]?.price.recurring;
  const updated = await ctx.stripe.subscriptionSchedules.update(schedule.id, {
    end_behavior: 'release',
    proration_behavior: 'none',
    phases: [
      { items: phaseItems(current), start_date: current.start_date, end_date: current.end_date, proration_behavior: 'none' },
      {
        items: change.phaseItems,
        duration: { interval: price?.interval ?? 'month', interval_count: price?.interval_count ?? 1 },
        proration_behavior: 'none',
      },
    ],
  });
  await mirrorSchedule(ctx, updated);
  return ctx.stripe.subscriptions.retrieve(remote.id);
}

/**
 * Drops a change waiting for the period's end: the schedule releases the subscription, which goes
 * on as it is (docs.stripe.com/api/subscription_schedules/release).
 */
export async function cancelPendingChange(ctx: HandlerContext, id: number, actor: AuditActor): Promise<Subscription> {
  const subscription = await Subscription.findByPk(id);
  if (!subscription) throw new NotFoundError(`No subscription with id ${id}`);
  const remote = await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  const scheduleId = idOf(remote.schedule);
  if (!scheduleId || !subscription.pendingChange) throw new ConflictError('No change is scheduled for this subscription');
  const released = await ctx.stripe.subscriptionSchedules.release(scheduleId, {}, { idempotencyKey: `recur-release-${scheduleId}` });
  await mirrorSchedule(ctx, released);
  const after = await ctx.stripe.subscriptions.retrieve(remote.id);
  return finish(ctx, after, actor, 'subscription.cancel_pending_change', { schedule: scheduleId });
}
