import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';

const DAY = 86_400;

/**
 * After an automatic attempt fails: when to try again, or null once the schedule is used up.
 * Retry days count from the first failure, so [1,3,7] means three retries over seven days.
 */
export function nextAttemptAfterFailure(rt: Runtime, invoice: Stripe.Invoice): number | null {
  const dunning = rt.store.billing.dunning;
  const now = rt.clock.now();
  const state = dunning.get(invoice.id);
  const next = state ? { ...state, retries: state.retries + 1 } : { firstFailureAt: now, retries: 0 };
  dunning.set(invoice.id, next);
  const days = rt.store.billing.settings.retrySchedule[next.retries];
  return days === undefined ? null : next.firstFailureAt + Math.round(days * DAY);
}

export function forgetDunning(rt: Runtime, invoiceId: string): void {
  rt.store.billing.dunning.delete(invoiceId);
}
