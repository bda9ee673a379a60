import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import { previousAttributes } from '../../../diff';
import { saveSubscription } from '../subscription-save';
import { scheduledCancelAt } from './build';

type EndEvent = 'subscription_schedule.released' | 'subscription_schedule.canceled' | 'subscription_schedule.completed' | 'subscription_schedule.aborted';

/** Stores a changed schedule and announces it with the fields that changed, as every *.updated event does. */
export function saveSchedule(
  rt: Runtime,
  current: Stripe.SubscriptionSchedule,
  next: Stripe.SubscriptionSchedule,
  origin: EventOrigin,
): Stripe.SubscriptionSchedule {
  rt.store.subscriptionSchedules.replace(next);
  const previous = previousAttributes(current, next);
  if (previous) rt.bus.publish({ type: 'subscription_schedule.updated', data: { object: next, previous_attributes: previous } }, origin);
  return next;
}

/** A schedule that has stopped (released, canceled, completed) is stored and announced with its own event. */
export function endSchedule(rt: Runtime, next: Stripe.SubscriptionSchedule, type: EndEvent, origin: EventOrigin): Stripe.SubscriptionSchedule {
  rt.store.subscriptionSchedules.replace(next);
  rt.bus.publish({ type, data: { object: next } }, origin);
  return next;
}

export function scheduleOf(rt: Runtime, sub: Stripe.Subscription): Stripe.SubscriptionSchedule | undefined {
  const ref = sub.schedule;
  if (!ref) return undefined;
  return rt.store.subscriptionSchedules.get(typeof ref === 'string' ? ref : ref.id);
}

export function subscriptionOf(rt: Runtime, schedule: Stripe.SubscriptionSchedule): Stripe.Subscription | undefined {
  const ref = schedule.subscription;
  if (!ref) return undefined;
  return rt.store.subscriptions.get(typeof ref === 'string' ? ref : ref.id);
}

/**
 * Keeps the subscription's cancellation in step with the schedule: with end_behavior `cancel` the
 * subscription is set to cancel at the end of the last phase (the cancellation that release's
 * `preserve_cancel_date` refers to: "Keep any cancellation on the subscription that the schedule has set").
 */
export function syncCancellation(rt: Runtime, schedule: Stripe.SubscriptionSchedule, origin: EventOrigin): void {
  const sub = subscriptionOf(rt, schedule);
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  const cancelAt = scheduledCancelAt(schedule);
  if (sub.cancel_at === cancelAt && !sub.cancel_at_period_end) return;
  saveSubscription(rt, sub, { ...sub, cancel_at: cancelAt, cancel_at_period_end: false }, origin);
}

/**
 * Release: "stop scheduling of its phases, but leave any existing subscription in place … remove
 * its `subscription` property and set the subscription's ID to the `released_subscription`
 * property" (API reference, Release a schedule). The subscription's `schedule` is cleared, and
 * the cancellation the schedule set is removed unless `preserve_cancel_date`.
 */
export function releaseSchedule(
  rt: Runtime,
  schedule: Stripe.SubscriptionSchedule,
  preserveCancelDate: boolean,
  origin: EventOrigin,
): Stripe.SubscriptionSchedule {
  const now = rt.clock.now();
  const sub = subscriptionOf(rt, schedule);
  if (sub && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') {
    const keep = preserveCancelDate || scheduledCancelAt(schedule) === null;
    saveSubscription(rt, sub, { ...sub, schedule: null, cancel_at: keep ? sub.cancel_at : null }, origin);
  }
  return endSchedule(
    rt,
    { ...schedule, status: 'released', released_at: now, released_subscription: sub?.id ?? null, subscription: null, current_phase: null },
    'subscription_schedule.released',
    origin,
  );
}

/**
 * The subscription of an active schedule ended (canceled through the API, a deleted customer, or
 * the dunning policy). The schedule ends with it: `completed` when this is the cancellation its own
 * end_behavior asked for, `aborted` when "the underlying subscription [was] canceled because of
 * delinquency", otherwise `canceled` (event types reference).
 */
export function subscriptionEnded(rt: Runtime, ended: Stripe.Subscription, reason: Stripe.Subscription.CancellationDetails.Reason, origin: EventOrigin): void {
  const schedule = scheduleOf(rt, ended);
  if (schedule?.status !== 'active') return;
  const now = rt.clock.now();
  const cancelAt = scheduledCancelAt(schedule);
  if (cancelAt !== null && now >= cancelAt && reason === 'cancellation_requested') {
    endSchedule(rt, { ...schedule, status: 'completed', completed_at: now, current_phase: null }, 'subscription_schedule.completed', origin);
    return;
  }
  const type = reason === 'payment_failed' ? 'subscription_schedule.aborted' : 'subscription_schedule.canceled';
  endSchedule(rt, { ...schedule, status: 'canceled', canceled_at: now, current_phase: null }, type, origin);
}

/** A deleted customer's schedules that never started are canceled with its subscriptions. */
export function cancelNotStartedSchedules(rt: Runtime, customerId: string, origin: EventOrigin): void {
  const now = rt.clock.now();
  const waiting = rt.store.subscriptionSchedules.newestFirst(
    (s) => s.status === 'not_started' && (typeof s.customer === 'string' ? s.customer : s.customer.id) === customerId,
  );
  for (const schedule of waiting) endSchedule(rt, { ...schedule, status: 'canceled', canceled_at: now }, 'subscription_schedule.canceled', origin);
}
