import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import { applyPhaseItems, linesOf } from './apply-phase';
import { currentPhaseOf } from './build';
import { endSchedule, saveSchedule, scheduleOf } from './lifecycle';
import { saveSubscription } from '../subscription-save';

/** When the subscription's schedule next acts on it (the end of the current phase), or null. */
export function scheduleDue(rt: Runtime, sub: Stripe.Subscription): number | null {
  const schedule = scheduleOf(rt, sub);
  if (schedule?.status !== 'active' || !schedule.current_phase) return null;
  return schedule.current_phase.end_date;
}

/**
 * The last phase is over with end_behavior `release`: the subscription goes on by itself with the
 * last phase's items ("release will end the subscription schedule and keep the underlying
 * subscription running", API reference, end_behavior) and the schedule is released from it.
 */
function releaseAtEnd(rt: Runtime, schedule: Stripe.SubscriptionSchedule, sub: Stripe.Subscription, origin: EventOrigin): Stripe.Subscription {
  const now = rt.clock.now();
  const next = saveSubscription(rt, sub, { ...sub, schedule: null }, origin);
  endSchedule(
    rt,
    { ...schedule, status: 'released', released_at: now, released_subscription: sub.id, subscription: null, current_phase: null },
    'subscription_schedule.released',
    origin,
  );
  return next;
}

/**
 * Moves the subscription's schedule on to whatever phase `now` is in, before the engine renews:
 * a phase that ends at the period's end hands the renewal its items. Returns the subscription as
 * it then is. With end_behavior `cancel` the end of the last phase is the subscription's own
 * `cancel_at`, which the engine carries out (and endSubscription completes the schedule).
 */
export function advanceSchedule(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin): Stripe.Subscription {
  const now = rt.clock.now();
  let current = sub;
  for (;;) {
    const schedule = scheduleOf(rt, current);
    const phase = schedule?.current_phase;
    if (schedule?.status !== 'active' || !phase || phase.end_date > now) return current;
    const next = schedule.phases.find((p) => p.start_date === phase.end_date);
    if (!next) return schedule.end_behavior === 'cancel' ? current : releaseAtEnd(rt, schedule, current, origin);
    current = applyPhaseItems(rt, current, linesOf(rt, next), { prorationBehavior: prorationOf(next), metadata: next.metadata }, origin);
    const latest = rt.store.subscriptionSchedules.get(schedule.id) ?? schedule;
    saveSchedule(rt, latest, { ...latest, current_phase: currentPhaseOf(next) }, origin);
    current = rt.store.subscriptions.get(current.id) ?? current;
    if (current.status === 'canceled' || current.status === 'incomplete_expired') return current;
  }
}

function prorationOf(phase: Stripe.SubscriptionSchedule.Phase): 'create_prorations' | 'always_invoice' | 'none' {
  const b = phase.proration_behavior;
  if (b === 'always_invoice') return 'always_invoice';
  return b === 'none' ? 'none' : 'create_prorations';
}
