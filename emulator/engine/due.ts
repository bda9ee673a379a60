import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { upcomingNoticeDue } from './upcoming';
import { scheduleDue } from '../billing/subscriptions/schedules/transition';

/** An incomplete subscription whose first invoice is not paid within 23 hours expires. */
export const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;
/** customer.subscription.trial_will_end fires three days before the trial ends. */
export const TRIAL_NOTICE_SECONDS = 3 * 86_400;

export function trialNoticeAt(sub: Stripe.Subscription): number | null {
  if (sub.status !== 'trialing' || sub.trial_end === null) return null;
  return Math.max(sub.trial_end - TRIAL_NOTICE_SECONDS, sub.trial_start ?? sub.created);
}

export function trialNoticeDue(rt: Runtime, sub: Stripe.Subscription): number | null {
  const at = trialNoticeAt(sub);
  if (at === null || rt.store.billing.trialNoticeSent.get(sub.id) === sub.trial_end) return null;
  return at;
}

/** The next moment something happens to the subscription by itself, or null if nothing will. */
export function subscriptionDue(rt: Runtime, sub: Stripe.Subscription): number | null {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired' || sub.status === 'paused') return null;
  if (sub.status === 'incomplete') return sub.created + INCOMPLETE_EXPIRY_SECONDS;
  let due = sub.items.data[0]?.current_period_end ?? null;
  if (due === null) return null;
  if (sub.cancel_at !== null) due = Math.min(due, sub.cancel_at);
  const notice = trialNoticeDue(rt, sub);
  if (notice !== null) due = Math.min(due, notice);
  const upcoming = upcomingNoticeDue(rt, sub);
  if (upcoming !== null) due = Math.min(due, upcoming);
  const resumes = sub.pause_collection?.resumes_at;
  if (resumes) due = Math.min(due, resumes);
  if (sub.pending_update) due = Math.min(due, sub.pending_update.expires_at);
  const phaseEnd = scheduleDue(rt, sub);
  if (phaseEnd !== null) due = Math.min(due, phaseEnd);
  return due;
}

/** A schedule that has not started runs first when its first phase begins. */
export function scheduleStartDue(schedule: Stripe.SubscriptionSchedule): number | null {
  return schedule.status === 'not_started' ? (schedule.phases[0]?.start_date ?? null) : null;
}

export function clockIdOf(obj: { test_clock?: string | Stripe.TestHelpers.TestClock | null }): string | null {
  const c = obj.test_clock;
  return c === null || c === undefined ? null : typeof c === 'string' ? c : c.id;
}
