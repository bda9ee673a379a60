import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import { newId } from '../../ids';
import { draftInvoice } from './invoice';
import { cycleDescription, invoiceItemLine, productName, subscriptionItemLine } from './lines';
import { pendingItemsOf, takePendingItems } from './invoice-items';
import { addInterval, isInterval } from '../subscriptions/periods';
import { prorationDate } from './format';

/** How the period being billed is charged: in full, free (trial), or in part up to a billing cycle anchor. */
export type PeriodCharge = 'full' | 'trial' | 'partial';

function partialAmount(price: Stripe.Price, quantity: number, period: { start: number; end: number }): number {
  const r = price.recurring;
  if (!r || !isInterval(r.interval)) return 0;
  const fullStart = addInterval(period.end, r.interval, -r.interval_count);
  const full = (price.unit_amount ?? 0) * quantity;
  return Math.round((full * (period.end - period.start)) / (period.end - fullStart));
}

export function periodLines(rt: Runtime, sub: Stripe.Subscription, invoiceId: string, charge: PeriodCharge): Stripe.InvoiceLineItem[] {
  return sub.items.data.map((item) => {
    const quantity = item.quantity ?? 1;
    const period = { start: item.current_period_start, end: item.current_period_end };
    const name = productName(rt, item.price);
    const amount = charge === 'trial' ? 0 : charge === 'partial' ? partialAmount(item.price, quantity, period) : (item.price.unit_amount ?? 0) * quantity;
    const description =
      charge === 'trial'
        ? `Trial period for ${name}`
        : charge === 'partial'
          ? `Remaining time on ${quantity} × ${name} after ${prorationDate(period.start)}`
          : cycleDescription(rt, item.price, quantity);
    return subscriptionItemLine({
      invoiceId,
      subscriptionId: sub.id,
      itemId: item.id,
      price: item.price,
      quantity,
      amount,
      description,
      period,
      invoiceItem: null,
      proration: charge === 'partial',
    });
  });
}

export function activeDiscountIds(rt: Runtime, sub: Stripe.Subscription, at: number): string[] {
  return sub.discounts.flatMap((d) => {
    const id = typeof d === 'string' ? d : d.id;
    const discount = rt.store.discounts.get(id);
    return discount && (discount.end === null || discount.end > at) ? [id] : [];
  });
}

export interface SubscriptionDraft {
  reason: Stripe.Invoice.BillingReason;
  charge: PeriodCharge | null;
  /** Preview only: read pending items without taking them. */
  preview?: boolean;
  /** Extra items (prorations) that are not pending in the store. */
  extraItems?: Stripe.InvoiceItem[];
}

/**
 * The draft invoice of a subscription: pending invoice items (prorations first, as Stripe lists
 * them), then the period's lines, with the subscription's discounts.
 */
export function draftForSubscription(rt: Runtime, sub: Stripe.Subscription, customer: Stripe.Customer, draft: SubscriptionDraft): Stripe.Invoice {
  const id = newId('in');
  const pending = draft.preview ? pendingItemsOf(rt, customer.id, sub.id) : takePendingItems(rt, customer.id, sub.id, id);
  const items = [...pending, ...(draft.extraItems ?? [])];
  const lines = [...items.map((ii) => invoiceItemLine(id, ii)), ...(draft.charge ? periodLines(rt, sub, id, draft.charge) : [])];
  const now = rt.clock.now();
  const first = sub.items.data[0];
  const period = draft.charge ? { start: first.current_period_start, end: first.current_period_end } : { start: now, end: now };
  return draftInvoice(rt, {
    id,
    customer,
    subscription: sub,
    reason: draft.reason,
    lines,
    discounts: activeDiscountIds(rt, sub, now),
    currency: sub.currency,
    period,
    collectionMethod: sub.collection_method,
    daysUntilDue: sub.days_until_due,
  });
}
