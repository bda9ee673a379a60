import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { PeriodCharge } from './subscription-invoice';
import { draftForSubscription } from './subscription-invoice';
import { collectInvoice, finalizeInvoice, insertDraft } from './invoice-flow';
import { saveSubscription } from '../subscriptions/subscription-save';
import { withoutSpentDiscounts } from './discounts';

/**
 * Invoices a subscription outside its cycle (always_invoice, trial ended now, a new cycle):
 * pending items, plus the new period when `charge` says so; finalized and charged at once.
 */
export function invoiceNow(
  rt: Runtime,
  sub: Stripe.Subscription,
  customer: Stripe.Customer,
  charge: PeriodCharge | null,
  origin: EventOrigin,
  reason: Stripe.Invoice.BillingReason = 'subscription_update',
  opts: {
    offSession?: boolean;
    beforeCollect?: (invoice: Stripe.Invoice) => void;
    collect?: boolean;
    /** false: the caller records latest_invoice itself (a pending update), so no event shows the subscription half-changed */
    recordLatest?: boolean;
  } = {},
): Stripe.Invoice {
  let invoice = insertDraft(rt, draftForSubscription(rt, sub, customer, { reason, charge }), origin);
  const current = rt.store.subscriptions.get(sub.id) ?? sub;
  const withLatest = opts.recordLatest === false ? current : saveSubscription(rt, current, { ...current, latest_invoice: invoice.id }, origin);
  invoice = finalizeInvoice(rt, invoice, origin);
  opts.beforeCollect?.(invoice);
  if (invoice.status === 'open' && sub.collection_method === 'charge_automatically' && opts.collect !== false) {
    invoice = collectInvoice(rt, invoice, origin, { automatic: true, offSession: opts.offSession ?? true }).invoice;
  }
  const latest = rt.store.subscriptions.get(sub.id) ?? withLatest;
  const trimmed = withoutSpentDiscounts(rt, latest, invoice, origin);
  if (trimmed !== latest) saveSubscription(rt, latest, trimmed, origin);
  return invoice;
}
