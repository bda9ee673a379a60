import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import { previewInvoice } from '../billing/invoices/preview';
import { StripeApiError } from '../http/errors';
import { idOf } from '../refs';

/**
 * invoice.upcoming "occurs X number of days before a subscription is scheduled to create an invoice
 * that is automatically charged—where X is determined by your subscriptions settings" (event types
 * reference). The emulator has no such setting; it uses 3 days, which is also how far before the
 * renewal stripe-cli's invoice.upcoming fixture advances its test clock.
 */
export const UPCOMING_NOTICE_SECONDS = 3 * 86_400;

/** When the subscription's next renewal is announced, or null when nothing is to announce. */
export function upcomingNoticeDue(rt: Runtime, sub: Stripe.Subscription): number | null {
  if (sub.status !== 'active' && sub.status !== 'trialing' && sub.status !== 'past_due') return null;
  if (sub.collection_method !== 'charge_automatically') return null;
  const item = sub.items.data[0];
  if (!item) return null;
  const end = item.current_period_end;
  if (sub.cancel_at !== null && sub.cancel_at <= end) return null;
  if (rt.store.billing.upcomingNoticeSent.get(sub.id) === end) return null;
  const at = end - UPCOMING_NOTICE_SECONDS;
  // A period shorter than the notice (or one that began inside it) has no moment to announce it.
  return at > item.current_period_start ? at : null;
}

/**
 * Sends the renewal's invoice as invoices.createPreview shows it. "The received Invoice object will
 * not have an invoice ID", which the SDK's Invoice type cannot say, so the id is removed from the
 * payload after it is built.
 */
export function announceUpcomingInvoice(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin): void {
  rt.store.billing.upcomingNoticeSent.set(sub.id, sub.items.data[0].current_period_end);
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  if (!customer) return;
  let invoice: Stripe.Invoice;
  try {
    invoice = previewInvoice(rt, { customer, subscription: sub, plan: null });
  } catch (err) {
    // invoice_upcoming_none: the subscription will not bill again, so there is nothing to announce.
    if (err instanceof StripeApiError) return;
    throw err;
  }
  Reflect.deleteProperty(invoice, 'id');
  rt.bus.publish({ type: 'invoice.upcoming', data: { object: invoice } }, origin);
}
