import Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { newId } from '../../ids';
import { productId } from './format';

export interface InvoiceItemInput {
  customer: Stripe.Customer;
  amount: number;
  currency: string;
  description: string | null;
  period: { start: number; end: number };
  price?: Stripe.Price;
  quantity?: number;
  subscription?: string | null;
  subscriptionItem?: string;
  proration?: boolean;
  discountable?: boolean;
  metadata?: Record<string, string>;
  /** A draft invoice to add the item to; otherwise it waits for the customer's next invoice. */
  invoice?: string | null;
}

export function buildInvoiceItem(rt: Runtime, input: InvoiceItemInput): Stripe.InvoiceItem {
  const quantity = input.quantity ?? 1;
  const clock = input.customer.test_clock;
  return {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: input.amount,
    currency: input.currency,
    customer: input.customer.id,
    customer_account: null,
    date: rt.clock.now(),
    description: input.description,
    discountable: input.discountable ?? !input.proration,
    discounts: [],
    invoice: input.invoice ?? null,
    livemode: false,
    metadata: input.metadata ?? {},
    parent: input.subscription
      ? {
          type: 'subscription_details',
          subscription_details: { subscription: input.subscription, ...(input.subscriptionItem ? { subscription_item: input.subscriptionItem } : {}) },
        }
      : null,
    period: input.period,
    pricing: input.price
      ? {
          type: 'price_details',
          price_details: { price: input.price.id, product: productId(input.price) },
          unit_amount_decimal: input.price.unit_amount_decimal,
        }
      : { type: 'price_details', unit_amount_decimal: Stripe.Decimal.from(Math.round(input.amount / quantity)) },
    proration: input.proration ?? false,
    quantity,
    quantity_decimal: Stripe.Decimal.from(quantity),
    tax_rates: [],
    test_clock: clock ? (typeof clock === 'string' ? clock : clock.id) : null,
  };
}

/** Stores an item; without a target invoice it joins the customer's pending items. */
export function addInvoiceItem(rt: Runtime, item: Stripe.InvoiceItem, origin: EventOrigin): Stripe.InvoiceItem {
  rt.store.invoiceItems.set(item.id, item);
  if (item.invoice === null) {
    const customerId = typeof item.customer === 'string' ? item.customer : item.customer.id;
    const pending = rt.store.billing.pendingItems.get(customerId) ?? [];
    pending.push(item.id);
    rt.store.billing.pendingItems.set(customerId, pending);
  }
  rt.bus.publish({ type: 'invoiceitem.created', data: { object: item } }, origin);
  return item;
}

function subscriptionOfItem(item: Stripe.InvoiceItem): string | null {
  return item.parent?.subscription_details?.subscription ?? null;
}

/**
 * The pending items an invoice for this customer (and subscription) takes, marked as taken.
 * Items tied to another subscription wait for that subscription's invoice.
 */
export function takePendingItems(rt: Runtime, customerId: string, subscriptionId: string | null, invoiceId: string): Stripe.InvoiceItem[] {
  const pending = rt.store.billing.pendingItems.get(customerId);
  if (!pending || pending.length === 0) return [];
  const taken: Stripe.InvoiceItem[] = [];
  const left: string[] = [];
  for (const id of pending) {
    const item = rt.store.invoiceItems.get(id);
    if (!item) continue;
    const sub = subscriptionOfItem(item);
    if (sub !== null && sub !== subscriptionId) {
      left.push(id);
      continue;
    }
    const onInvoice = { ...item, invoice: invoiceId };
    rt.store.invoiceItems.set(id, onInvoice);
    taken.push(onInvoice);
  }
  rt.store.billing.pendingItems.set(customerId, left);
  return taken;
}

export function pendingItemsOf(rt: Runtime, customerId: string, subscriptionId: string | null): Stripe.InvoiceItem[] {
  const pending = rt.store.billing.pendingItems.get(customerId) ?? [];
  return pending.flatMap((id) => {
    const item = rt.store.invoiceItems.get(id);
    if (!item) return [];
    const sub = subscriptionOfItem(item);
    return sub === null || sub === subscriptionId ? [item] : [];
  });
}

export function dropPendingItem(rt: Runtime, item: Stripe.InvoiceItem): void {
  const customerId = typeof item.customer === 'string' ? item.customer : item.customer.id;
  const pending = rt.store.billing.pendingItems.get(customerId);
  if (pending)
    rt.store.billing.pendingItems.set(
      customerId,
      pending.filter((id) => id !== item.id),
    );
}
