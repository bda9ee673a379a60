import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import { Payment, type Invoice } from '../../db/models';
import { idOf, toDate } from './util';
import { refreshCustomerTotals } from './totals';

export interface AttemptOutcome {
  succeeded: boolean;
  /** the invoice as Stripe reports it, with `payments` expanded to their payment intents */
  invoice: Stripe.Invoice;
}

/** The payment intent of the invoice's most recent payment attempt. */
function latestPaymentIntent(invoice: Stripe.Invoice): Stripe.PaymentIntent | null {
  const payments = [...(invoice.payments?.data ?? [])].sort((a, b) => b.created - a.created);
  const intent = payments[0]?.payment.payment_intent;
  return intent && typeof intent !== 'string' ? intent : null;
}

/**
 * Records one attempt's outcome. Keyed by (invoice, attempt number): invoice.paid and
 * invoice.payment_succeeded for the same attempt land on the same row.
 */
export async function recordPaymentAttempt(
  { succeeded, invoice }: AttemptOutcome,
  local: Invoice,
  transaction: Transaction,
): Promise<Payment | null> {
  const intent = latestPaymentIntent(invoice);
  const amount = succeeded ? invoice.amount_paid : invoice.amount_due;
  if (amount === 0 && !intent) return null; // a $0 invoice (a trial's first) is not a payment
  const error = intent?.last_payment_error;
  const attemptCount = Math.max(invoice.attempt_count, 1);
  const fields = {
    customerId: local.customerId,
    subscriptionId: local.subscriptionId,
    invoiceId: local.id,
    stripeInvoiceId: invoice.id,
    stripePaymentIntentId: intent?.id ?? null,
    stripeChargeId: idOf(intent?.latest_charge ?? null),
    amount,
    currency: invoice.currency,
    status: succeeded ? ('succeeded' as const) : ('failed' as const),
    failureCode: succeeded ? null : (error?.decline_code ?? error?.code ?? 'payment_failed'),
    failureMessage: succeeded ? null : (error?.message ?? 'The payment failed'),
    attemptCount,
    nextRetryAt: succeeded ? null : toDate(invoice.next_payment_attempt),
    billingReason: invoice.billing_reason,
    attemptedAt: toDate(invoice.status_transitions?.paid_at) ?? new Date(),
  };
  const existing = await Payment.findOne({ where: { stripeInvoiceId: invoice.id, attemptCount }, transaction });
  // A success for an attempt beats a failure reported for it; refund states are never undone here.
  if (existing && (existing.status !== 'failed' || !succeeded)) return existing;
  const row = existing ? await existing.update(fields, { transaction }) : await Payment.create(fields, { transaction });
  await refreshCustomerTotals(local.customerId, transaction);
  return row;
}
