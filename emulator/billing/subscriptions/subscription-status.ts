import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { subscriptionOfInvoice } from '../../refs';
import { endSubscription } from './subscription-end';
import { saveSubscription } from './subscription-save';
import { applyPendingUpdate, pendingUpdateOfInvoice } from './pending-update';

function subscriptionOf(rt: Runtime, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const id = subscriptionOfInvoice(invoice);
  return id ? rt.store.subscriptions.get(id) : undefined;
}

/** A paid invoice brings a past_due, unpaid or incomplete subscription back to active, or applies the pending update it paid for. */
export function afterInvoicePaid(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin): void {
  const pending = pendingUpdateOfInvoice(rt, invoice);
  if (pending) {
    applyPendingUpdate(rt, pending, origin);
    return;
  }
  const sub = subscriptionOf(rt, invoice);
  if (!sub || !['past_due', 'unpaid', 'incomplete'].includes(sub.status)) return;
  saveSubscription(rt, sub, { ...sub, status: 'active' }, origin);
}

/**
 * A failed renewal makes the subscription past_due; once the retry schedule is used up it is
 * canceled, marked unpaid or left past_due, as the billing settings say.
 */
export function afterInvoiceFailed(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin, exhausted: boolean): void {
  // A pending update's invoice failing changes nothing: the subscription cycles on as if no update was asked for.
  if (pendingUpdateOfInvoice(rt, invoice)) return;
  const sub = subscriptionOf(rt, invoice);
  if (!sub || sub.status === 'incomplete' || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  let current = sub;
  if (current.status === 'active' || current.status === 'trialing') {
    current = saveSubscription(rt, current, { ...current, status: 'past_due' }, origin);
  }
  if (!exhausted) return;
  const after = rt.store.billing.settings.afterRetries;
  if (after === 'cancel') endSubscription(rt, current, 'payment_failed', origin);
  else if (after === 'unpaid') saveSubscription(rt, current, { ...current, status: 'unpaid' }, origin);
}
