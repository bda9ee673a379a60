import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { Decline } from '../payments/cards/behaviour';
import { finalized, paid } from './invoice';
import type { AttemptOutcome } from '../payments/payment-intents/attempt';
import { attemptInvoicePayment } from '../payments/payment';
import { nextAttemptAfterFailure, forgetDunning } from '../payments/dunning';
import { afterInvoiceFailed, afterInvoicePaid } from '../subscriptions/subscription-status';
import { idOf, subscriptionOfInvoice } from '../../refs';

export function insertDraft(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin): Stripe.Invoice {
  rt.store.invoices.insert(invoice);
  rt.bus.publish({ type: 'invoice.created', data: { object: invoice } }, origin);
  return invoice;
}

function customerOf(rt: Runtime, invoice: Stripe.Invoice): Stripe.Customer {
  const id = idOf(invoice.customer) ?? '';
  const customer = rt.store.customers.get(id);
  if (!customer) throw new Error(`invoice ${invoice.id} has no customer ${id}`);
  return customer;
}

export function markPaid(rt: Runtime, invoice: Stripe.Invoice, countsAsAttempt: boolean, origin: EventOrigin): Stripe.Invoice {
  const done = rt.store.invoices.replace(paid(rt, invoice, countsAsAttempt));
  forgetDunning(rt, done.id);
  rt.bus.publish({ type: 'invoice.paid', data: { object: done } }, origin);
  rt.bus.publish({ type: 'invoice.payment_succeeded', data: { object: done } }, origin);
  afterInvoicePaid(rt, done, origin);
  return done;
}

/** draft → open, settling the customer balance; an invoice with nothing due is paid at once. */
export function finalizeInvoice(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin): Stripe.Invoice {
  const customer = customerOf(rt, invoice);
  const fin = finalized(rt, invoice, customer);
  const open = rt.store.invoices.replace(fin.invoice);
  rt.store.customers.replace(fin.customer);
  if (fin.customer.balance !== customer.balance) {
    rt.bus.publish({ type: 'customer.updated', data: { object: fin.customer, previous_attributes: { balance: customer.balance } } }, origin);
  }
  rt.bus.publish({ type: 'invoice.finalized', data: { object: open } }, origin);
  if (open.amount_due === 0) return markPaid(rt, open, false, origin);
  return open;
}

/** The card an invoice is charged to. */
export function paymentMethodFor(rt: Runtime, invoice: Stripe.Invoice): Stripe.PaymentMethod | null {
  const subId = subscriptionOfInvoice(invoice);
  const sub = subId ? rt.store.subscriptions.get(subId) : undefined;
  const customer = rt.store.customers.get(idOf(invoice.customer) ?? '');
  // Stripe's order: the invoice's, the subscription's, the customer's default payment method, then its default source.
  const id =
    idOf(invoice.default_payment_method) ??
    idOf(invoice.default_source) ??
    idOf(sub?.default_payment_method ?? null) ??
    idOf(sub?.default_source ?? null) ??
    idOf(customer?.invoice_settings.default_payment_method ?? null) ??
    idOf(customer?.default_source ?? null);
  return id ? (rt.store.paymentMethods.get(id) ?? null) : null;
}

export interface Collection {
  invoice: Stripe.Invoice;
  /** null when paid; otherwise the decline (null when there was no card to charge), or the wait for authentication. */
  failure: { decline: Decline | null; requiresAction: boolean } | null;
}

export interface CollectOptions {
  /** Stripe's own attempts (creation, renewals, scheduled retries) follow the retry schedule; invoices.pay does not. */
  automatic: boolean;
  paymentMethod?: Stripe.PaymentMethod;
  /** Defaults to true: Stripe charges invoices off-session unless told the customer is there. */
  offSession?: boolean;
  /** The customer has just authenticated this payment on a hosted page. */
  authenticated?: boolean;
}

/**
 * Invoice.attempt_count "from the perspective of the payment retry schedule": any attempt counts
 * as the first, and after it only automatic retries count (Stripe API reference, Invoice object).
 */
function countsAsAttempt(invoice: Stripe.Invoice, automatic: boolean): boolean {
  return automatic || invoice.attempt_count === 0;
}

/**
 * Writes what one attempt did to the invoice: paid; waiting for the customer to authenticate
 * (not retried automatically: only the customer can complete it); or failed, with the next
 * scheduled retry when Stripe itself made the attempt.
 */
export function settleInvoiceAttempt(
  rt: Runtime,
  invoice: Stripe.Invoice,
  outcome: AttemptOutcome | null,
  automatic: boolean,
  origin: EventOrigin,
): Collection {
  const counts = countsAsAttempt(invoice, automatic);
  if (outcome?.kind === 'succeeded') return { invoice: markPaid(rt, invoice, counts, origin), failure: null };
  const attempts = counts ? invoice.attempt_count + 1 : invoice.attempt_count;
  if (outcome?.kind === 'requires_action') {
    const waiting = rt.store.invoices.replace({ ...invoice, attempt_count: attempts, attempted: true, next_payment_attempt: null });
    rt.bus.publish({ type: 'invoice.payment_failed', data: { object: waiting } }, origin);
    rt.bus.publish({ type: 'invoice.payment_action_required', data: { object: waiting } }, origin);
    afterInvoiceFailed(rt, waiting, origin, false);
    return { invoice: waiting, failure: { decline: null, requiresAction: true } };
  }
  const retryable = automatic && invoice.billing_reason !== 'subscription_create' && subscriptionOfInvoice(invoice) !== null;
  const nextAttempt = retryable ? nextAttemptAfterFailure(rt, invoice) : invoice.next_payment_attempt;
  const failed = rt.store.invoices.replace({ ...invoice, attempt_count: attempts, attempted: true, next_payment_attempt: nextAttempt });
  rt.bus.publish({ type: 'invoice.payment_failed', data: { object: failed } }, origin);
  afterInvoiceFailed(rt, failed, origin, retryable && nextAttempt === null);
  const decline = outcome?.kind === 'failed' ? outcome.decline : null;
  return { invoice: failed, failure: { decline, requiresAction: false } };
}

/** Charges an open invoice once, with its card (or the one given). */
export function collectInvoice(rt: Runtime, invoice: Stripe.Invoice, origin: EventOrigin, opts: CollectOptions): Collection {
  const pm = opts.paymentMethod ?? paymentMethodFor(rt, invoice);
  const customerId = idOf(invoice.customer) ?? '';
  const ctx = { offSession: opts.offSession ?? true, authenticated: opts.authenticated ?? false };
  const outcome = pm ? attemptInvoicePayment(rt, invoice, pm, customerId, origin, ctx) : null;
  return settleInvoiceAttempt(rt, invoice, outcome, opts.automatic, origin);
}
