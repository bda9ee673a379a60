import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import type { Decline } from './cards/behaviour';
import { finalized, paid } from './invoice';
import { attemptInvoicePayment } from './payment';
import { nextAttemptAfterFailure, forgetDunning } from './dunning';
import { afterInvoiceFailed, afterInvoicePaid } from './subscription-status';
import { idOf, subscriptionOfInvoice } from '../resources/invoices';

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

function markPaid(rt: Runtime, invoice: Stripe.Invoice, attempted: boolean, origin: EventOrigin): Stripe.Invoice {
  const done = rt.store.invoices.replace(paid(rt, invoice, attempted));
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

/** The card an invoice is charged to: the invoice's, else the subscription's, else the customer's default. */
export function paymentMethodFor(rt: Runtime, invoice: Stripe.Invoice): Stripe.PaymentMethod | null {
  const subId = subscriptionOfInvoice(invoice);
  const sub = subId ? rt.store.subscriptions.get(subId) : undefined;
  const customer = rt.store.customers.get(idOf(invoice.customer) ?? '');
  const id = idOf(invoice.default_payment_method) ?? idOf(sub?.default_payment_method ?? null) ?? idOf(customer?.invoice_settings.default_payment_method ?? null);
  return id ? (rt.store.paymentMethods.get(id) ?? null) : null;
}

export interface Collection {
  invoice: Stripe.Invoice;
  /** null when paid; the decline, or null decline when there was no card to charge. */
  failure: { decline: Decline | null } | null;
}

/**
 * Charges an open invoice once. `automatic` attempts (creation, renewals, retries) follow the
 * retry schedule; a manual `invoices.pay` counts as an attempt but leaves the schedule alone.
 */
export function collectInvoice(
  rt: Runtime,
  invoice: Stripe.Invoice,
  origin: EventOrigin,
  opts: { automatic: boolean; paymentMethod?: Stripe.PaymentMethod },
): Collection {
  const pm = opts.paymentMethod ?? paymentMethodFor(rt, invoice);
  const customerId = idOf(invoice.customer) ?? '';
  const attempt = pm ? attemptInvoicePayment(rt, invoice, pm, customerId, origin) : null;
  if (attempt?.outcome.ok) return { invoice: markPaid(rt, invoice, true, origin), failure: null };
  const retryable = opts.automatic && invoice.billing_reason !== 'subscription_create' && subscriptionOfInvoice(invoice) !== null;
  const nextAttempt = retryable ? nextAttemptAfterFailure(rt, invoice) : invoice.next_payment_attempt;
  const failed = rt.store.invoices.replace({
    ...invoice,
    attempt_count: invoice.attempt_count + 1,
    attempted: true,
    next_payment_attempt: nextAttempt,
  });
  rt.bus.publish({ type: 'invoice.payment_failed', data: { object: failed } }, origin);
  afterInvoiceFailed(rt, failed, origin, retryable && nextAttempt === null);
  const decline = attempt && !attempt.outcome.ok ? attempt.outcome.decline : null;
  return { invoice: failed, failure: { decline } };
}
