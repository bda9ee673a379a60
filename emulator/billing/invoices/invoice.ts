import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import { newId } from '../../ids';
import { applyDiscounts } from './discounting';
import { hostedInvoiceUrl } from '../../hosted/urls';

export interface DraftInput {
  id?: string;
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  reason: Stripe.Invoice.BillingReason;
  /** Lines without discounts; built against `id`. */
  lines: Stripe.InvoiceLineItem[];
  discounts: string[];
  currency: string;
  period: { start: number; end: number };
  collectionMethod?: Stripe.Invoice.CollectionMethod;
  autoAdvance?: boolean;
  description?: string | null;
  metadata?: Record<string, string>;
  defaultPaymentMethod?: string | null;
  daysUntilDue?: number | null;
}

/** Subtotal, discounts and total for a set of lines; amounts due are settled at finalization. */
export function withLines(rt: Runtime, invoice: Stripe.Invoice, lines: Stripe.InvoiceLineItem[], discounts: string[]): Stripe.Invoice {
  const discounted = applyDiscounts(rt, lines, discounts, invoice.currency);
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const off = discounted.totals.reduce((sum, d) => sum + d.amount, 0);
  const total = subtotal - off;
  const due = Math.max(0, total);
  return {
    ...invoice,
    discounts,
    lines: { ...invoice.lines, data: discounted.lines },
    subtotal,
    subtotal_excluding_tax: subtotal,
    total_discount_amounts: discounted.totals,
    total,
    total_excluding_tax: total,
    amount_due: due,
    amount_remaining: due,
  };
}

export function draftInvoice(rt: Runtime, input: DraftInput): Stripe.Invoice {
  const id = input.id ?? newId('in');
  const now = rt.clock.now();
  const { customer, subscription: sub } = input;
  const base: Stripe.Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Recur Emulator',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: input.autoAdvance ?? true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.reason,
    collection_method: input.collectionMethod ?? 'charge_automatically',
    created: now,
    currency: input.currency,
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
    default_payment_method: input.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: [],
    description: input.description ?? null,
    discounts: [],
    due_date: input.daysUntilDue ? now + input.daysUntilDue * 86_400 : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: input.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub ? { type: 'subscription_details', quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id } } : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.period.end,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: customer.test_clock ? (typeof customer.test_clock === 'string' ? customer.test_clock : customer.test_clock.id) : null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  return withLines(rt, base, input.lines, input.discounts);
}

/**
 * Finalizing numbers the invoice and settles the customer balance: a credit (negative balance)
 * lowers what is due, and a negative total becomes credit for the next invoice.
 */
export function finalized(rt: Runtime, invoice: Stripe.Invoice, customer: Stripe.Customer): { invoice: Stripe.Invoice; customer: Stripe.Customer } {
  const sequence = customer.next_invoice_sequence ?? 1;
  const now = rt.clock.now();
  const starting = customer.balance;
  const net = invoice.total + starting;
  const due = Math.max(0, net);
  const ending = Math.min(net, 0);
  return {
    invoice: {
      ...invoice,
      status: 'open',
      number: `${customer.invoice_prefix}-${String(sequence).padStart(4, '0')}`,
      effective_at: now,
      // Stripe gives every finalized invoice its hosted page, where the customer can pay or authenticate.
      hosted_invoice_url: hostedInvoiceUrl(rt, invoice.id),
      starting_balance: starting,
      ending_balance: ending,
      amount_due: due,
      amount_remaining: due,
      status_transitions: { ...invoice.status_transitions, finalized_at: now },
    },
    customer: { ...customer, next_invoice_sequence: sequence + 1, balance: ending },
  };
}

export function paid(rt: Runtime, invoice: Stripe.Invoice, attempted: boolean): Stripe.Invoice {
  const now = rt.clock.now();
  return {
    ...invoice,
    status: 'paid',
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempted: true,
    attempt_count: attempted ? invoice.attempt_count + 1 : invoice.attempt_count,
    next_payment_attempt: null,
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  };
}
