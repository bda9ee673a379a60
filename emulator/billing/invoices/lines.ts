import Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import { newId } from '../../ids';
import { formatMoney, intervalLabel, productId } from './format';

export function productName(rt: Runtime, price: Stripe.Price): string {
  const id = productId(price);
  return rt.store.products.get(id)?.name ?? id;
}

/** "1 × Pro (at $20.00 / month)", Stripe's wording for a subscription item's period line. */
export function cycleDescription(rt: Runtime, price: Stripe.Price, quantity: number): string {
  return `${quantity} × ${productName(rt, price)} (at ${formatMoney(price.unit_amount ?? 0, price.currency)} / ${intervalLabel(price)})`;
}

function pricing(price: Stripe.Price): Stripe.InvoiceLineItem.Pricing {
  return { type: 'price_details', price_details: { price: price.id, product: productId(price) }, unit_amount_decimal: price.unit_amount_decimal };
}

export interface ItemLineInput {
  invoiceId: string;
  subscriptionId: string;
  itemId: string;
  price: Stripe.Price;
  quantity: number;
  amount: number;
  description: string;
  period: { start: number; end: number };
  /** Set when the line comes from a (proration) invoice item. */
  invoiceItem: string | null;
  proration: boolean;
}

/** A line that bills a subscription item: its period charge or a proration of it. */
export function subscriptionItemLine(input: ItemLineInput): Stripe.InvoiceLineItem {
  return {
    id: newId('il'),
    object: 'line_item',
    amount: input.amount,
    currency: input.price.currency,
    description: input.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: input.invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: input.invoiceItem,
        proration: input.proration,
        proration_details: { credited_items: null },
        subscription: input.subscriptionId,
        subscription_item: input.itemId,
      },
    },
    period: input.period,
    pretax_credit_amounts: [],
    pricing: pricing(input.price),
    quantity: input.quantity,
    quantity_decimal: Stripe.Decimal.from(input.quantity),
    subscription: input.subscriptionId,
    subtotal: input.amount,
    taxes: [],
  };
}

/** A line for a one-off invoice item. */
export function invoiceItemLine(invoiceId: string, ii: Stripe.InvoiceItem): Stripe.InvoiceLineItem {
  const sub = ii.parent?.subscription_details?.subscription ?? null;
  const itemId = ii.parent?.subscription_details?.subscription_item;
  const priceDetails = ii.pricing?.price_details;
  return {
    id: newId('il'),
    object: 'line_item',
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description,
    discount_amounts: [],
    discountable: ii.discountable,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: ii.metadata ?? {},
    parent:
      itemId && sub
        ? {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: ii.id,
              proration: ii.proration,
              proration_details: { credited_items: null },
              subscription: sub,
              subscription_item: itemId,
            },
          }
        : {
            type: 'invoice_item_details',
            invoice_item_details: { invoice_item: ii.id, proration: ii.proration, proration_details: { credited_items: null }, subscription: sub },
            subscription_item_details: null,
          },
    period: ii.period,
    pretax_credit_amounts: [],
    pricing: priceDetails
      ? {
          type: 'price_details',
          price_details: { price: priceDetails.price, product: priceDetails.product },
          unit_amount_decimal: ii.pricing?.unit_amount_decimal ?? null,
        }
      : null,
    quantity: ii.quantity,
    quantity_decimal: ii.quantity_decimal,
    subscription: sub,
    subtotal: ii.amount,
    taxes: [],
  };
}
