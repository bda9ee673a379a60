import Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { newId } from '../ids';

function productName(rt: Runtime, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return rt.store.products.get(id)?.name ?? id;
}

function line(rt: Runtime, sub: Stripe.Subscription, item: Stripe.SubscriptionItem, invoiceId: string, trial: boolean): Stripe.InvoiceLineItem {
  const quantity = item.quantity ?? 1;
  const amount = trial ? 0 : (item.price.unit_amount ?? 0) * quantity;
  const name = productName(rt, item.price);
  return {
    id: newId('il'),
    object: 'line_item',
    amount,
    currency: item.price.currency,
    // Stripe's wording: "1 × Pro (at $20.00 / month)" or "Trial period for Pro".
    description: trial ? `Trial period for ${name}` : `${quantity} × ${name}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: sub.id,
        subscription_item: item.id,
      },
    },
    period: { start: item.current_period_start, end: item.current_period_end },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: item.price.id, product: typeof item.price.product === 'string' ? item.price.product : item.price.product.id },
      unit_amount_decimal: item.price.unit_amount_decimal,
    },
    quantity,
    quantity_decimal: Stripe.Decimal.from(quantity),
    subscription: sub.id,
    subtotal: amount,
    taxes: [],
  };
}

/** The draft invoice for a subscription's current period, one line per item. */
export function draftSubscriptionInvoice(
  rt: Runtime,
  sub: Stripe.Subscription,
  customer: Stripe.Customer,
  reason: Stripe.Invoice.BillingReason,
): Stripe.Invoice {
  const id = newId('in');
  const now = rt.clock.now();
  const trial = sub.status === 'trialing';
  const lines = sub.items.data.map((item) => line(rt, sub, item, id, trial));
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Recur Emulator',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: sub.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: sub.metadata, subscription: sub.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: now,
    period_start: now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: customer.balance,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

/** Finalizing assigns the customer's next invoice number, as `<prefix>-<sequence>`. */
export function finalized(rt: Runtime, invoice: Stripe.Invoice, customer: Stripe.Customer): { invoice: Stripe.Invoice; customer: Stripe.Customer } {
  const sequence = customer.next_invoice_sequence ?? 1;
  const now = rt.clock.now();
  return {
    invoice: {
      ...invoice,
      status: 'open',
      number: `${customer.invoice_prefix}-${String(sequence).padStart(4, '0')}`,
      effective_at: now,
      ending_balance: customer.balance,
      status_transitions: { ...invoice.status_transitions, finalized_at: now },
    },
    customer: { ...customer, next_invoice_sequence: sequence + 1 },
  };
}

export function paid(rt: Runtime, invoice: Stripe.Invoice): Stripe.Invoice {
  const now = rt.clock.now();
  return {
    ...invoice,
    status: 'paid',
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempted: true,
    attempt_count: invoice.amount_due > 0 ? invoice.attempt_count + 1 : invoice.attempt_count,
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  };
}
