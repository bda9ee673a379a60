import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { NO_REQUEST } from '../events/bus';
import { INCOMPLETE_EXPIRY_SECONDS, trialNoticeDue } from './due';
import { announceUpcomingInvoice, upcomingNoticeDue } from './upcoming';
import { renewSubscription } from '../billing/subscriptions/renewal';
import { endSubscription } from '../billing/subscriptions/subscription-end';
import { saveSubscription } from '../billing/subscriptions/subscription-save';
import { voidInvoice } from '../billing/invoices/invoice-status';
import { collectInvoice } from '../billing/invoices/invoice-flow';
import { discardPendingUpdate } from '../billing/subscriptions/pending-update';
import { advanceSchedule } from '../billing/subscriptions/schedules/transition';
import { startDueSchedule } from '../billing/subscriptions/schedules/start';

/** Does whatever is due for one subscription at the current (possibly test-clock) time. */
export function processSubscription(rt: Runtime, id: string): void {
  const now = rt.clock.now();
  const origin = NO_REQUEST;
  let sub = rt.store.subscriptions.get(id);
  // A subscription may have ended since this run was scheduled: nothing happens to it any more.
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired' || sub.status === 'paused') return;
  if (sub.status === 'incomplete') {
    if (sub.created + INCOMPLETE_EXPIRY_SECONDS > now) return;
    const invoiceId = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : (sub.latest_invoice?.id ?? null);
    const invoice = invoiceId ? rt.store.invoices.get(invoiceId) : undefined;
    saveSubscription(rt, sub, { ...sub, status: 'incomplete_expired', ended_at: now }, origin);
    if (invoice?.status === 'open') voidInvoice(rt, invoice, origin);
    return;
  }
  // A schedule's phase change at the period's end must be in place before the renewal bills it.
  sub = advanceSchedule(rt, sub, origin);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  const notice = trialNoticeDue(rt, sub);
  if (notice !== null && notice <= now && sub.trial_end !== null) {
    rt.store.billing.trialNoticeSent.set(sub.id, sub.trial_end);
    rt.bus.publish({ type: 'customer.subscription.trial_will_end', data: { object: sub } }, origin);
  }
  const upcoming = upcomingNoticeDue(rt, sub);
  if (upcoming !== null && upcoming <= now) announceUpcomingInvoice(rt, sub, origin);
  if (sub.pending_update && sub.pending_update.expires_at <= now) sub = discardPendingUpdate(rt, sub, origin, true);
  const resumes = sub.pause_collection?.resumes_at;
  if (resumes && resumes <= now) sub = saveSubscription(rt, sub, { ...sub, pause_collection: null }, origin);
  const end = sub.items.data[0].current_period_end;
  if (sub.cancel_at !== null && sub.cancel_at <= now && sub.cancel_at < end) {
    endSubscription(rt, sub, 'cancellation_requested', origin);
    return;
  }
  if (end <= now) renewSubscription(rt, sub, origin);
}

/** A subscription schedule whose first phase begins now. */
export function processSchedule(rt: Runtime, id: string): void {
  const schedule = rt.store.subscriptionSchedules.get(id);
  if (schedule?.status !== 'not_started' || schedule.phases[0].start_date > rt.clock.now()) return;
  startDueSchedule(rt, schedule, NO_REQUEST);
}

/** A scheduled retry of a failed invoice. */
export function retryInvoice(rt: Runtime, id: string): void {
  const invoice: Stripe.Invoice | undefined = rt.store.invoices.get(id);
  if (invoice?.status !== 'open' || invoice.next_payment_attempt === null) return;
  if (invoice.next_payment_attempt > rt.clock.now()) return;
  collectInvoice(rt, invoice, NO_REQUEST, { automatic: true });
}
