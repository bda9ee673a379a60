import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { endSubscription } from './subscription-end';
import { prorate } from './proration';
import { addInvoiceItem, buildInvoiceItem, pendingItemsOf } from '../invoices/invoice-items';
import { invoiceNow } from '../invoices/invoice-now';
import { idOf } from '../../refs';

export interface CancelOptions {
  invoiceNow: boolean;
  prorate: boolean;
  comment?: string | null;
  feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
}

/**
 * Cancels now. `prorate` credits the unused time as a pending item; `invoice_now` bills what is
 * pending (that credit included, which then lands on the customer balance) on a final invoice.
 */
export function cancelSubscription(rt: Runtime, sub: Stripe.Subscription, opts: CancelOptions, origin: EventOrigin): Stripe.Subscription {
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  if (customer && opts.prorate && sub.status !== 'trialing') {
    const now = rt.clock.now();
    for (const item of sub.items.data) {
      const credit = prorate(rt, sub, { id: item.id, price: item.price, quantity: item.quantity ?? 1 }, now, 'unused');
      if (credit.amount !== 0) addInvoiceItem(rt, buildInvoiceItem(rt, { ...credit, customer }), origin);
    }
  }
  const ended = endSubscription(rt, sub, 'cancellation_requested', origin, { comment: opts.comment, feedback: opts.feedback });
  if (customer && opts.invoiceNow && pendingItemsOf(rt, customer.id, sub.id).length > 0) {
    invoiceNow(rt, ended, customer, null, origin, 'subscription_cycle');
  }
  return rt.store.subscriptions.get(sub.id) ?? ended;
}
