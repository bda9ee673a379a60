import type Stripe from 'stripe';
import { Op } from 'sequelize';
import type { SessionUser } from '../auth/sessions';
import { Payment } from '../db/models';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';
import { audit } from './audit';

const FINAL_INVOICE_STATUSES: Record<string, string> = {
  paid: 'the invoice is already paid',
  void: 'the invoice was voided',
  uncollectible: 'the invoice was marked uncollectible',
  draft: 'the invoice is still a draft',
};

/**
 * The same key for every attempt to retry one failed payment (its charge, or its attempt when
 * there was no charge): Stripe answers a repeat with the first answer instead of charging again.
 * Stripe keeps keys for 24 hours; after that the claim in the database (retriedAt) is what
 * stops a second retry of the same payment.
 */
export function retryIdempotencyKey(payment: Payment): string {
  return `recur-payment-retry-${payment.stripeInvoiceId}-${payment.stripeChargeId ?? `attempt-${payment.attemptCount}`}`;
}

interface RetryDeps {
  db: Database;
  stripe: Stripe;
}

/**
 * One manual retry per failed payment. The retry is claimed in the database first (a conditional
 * update only one request can win), then the invoice is paid with an idempotency key derived from
 * the payment; concurrent clicks get 409, and a restart between the claim and the charge cannot
 * charge twice (resumePendingRetries repeats the call with the same key).
 */
export async function retryPayment({ db, stripe }: RetryDeps, paymentId: number, actor: SessionUser): Promise<Payment> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment) throw new NotFoundError(`No payment with id ${paymentId}`);
  if (payment.status === 'requires_action') {
    // Off-session retries cannot authenticate: only the customer can, with their bank.
    throw new ConflictError(
      `The customer must confirm this payment with their bank (3D Secure); a retry from here cannot do it. They were e-mailed the link${payment.actionUrl ? `: ${payment.actionUrl}` : ''}`,
    );
  }
  if (payment.status !== 'failed') throw new ConflictError(`Only a failed payment can be retried; this one ${payment.status}`);
  if (payment.retriedAt) throw new ConflictError(`This payment was already retried (${payment.retryOutcome ?? 'pending'}); a payment is retried once`);
  const invoice = await stripe.invoices.retrieve(payment.stripeInvoiceId);
  const refusal = FINAL_INVOICE_STATUSES[invoice.status ?? 'draft'];
  if (refusal) throw new ConflictError(`Cannot retry: ${refusal}`);

  const claimed = await db.write(async (transaction) => {
    const [count] = await Payment.update(
      { retriedAt: new Date(), retriedBy: actor.email, retryOutcome: 'pending' },
      { where: { id: payment.id, retriedAt: { [Op.is]: null }, status: 'failed' }, transaction },
    );
    if (count === 1)
      await audit(actor, { action: 'payment.retry', entityType: 'payment', entityId: payment.id, details: { invoice: payment.stripeInvoiceId } }, transaction);
    return count === 1;
  });
  if (!claimed) throw new ConflictError('This payment is already being retried; a payment is retried once');

  const outcome = await payInvoice(stripe, payment);
  return db.write(async (transaction) => {
    await audit(actor, { action: 'payment.retry.outcome', entityType: 'payment', entityId: payment.id, details: { outcome } }, transaction);
    await Payment.update({ retryOutcome: outcome }, { where: { id: payment.id }, transaction });
    return payment.reload({ transaction });
  });
}

/** 'succeeded', or 'failed: <decline code>', or 'error: ...' when Stripe could not be reached. */
async function payInvoice(stripe: Stripe, payment: Payment): Promise<string> {
  try {
    const paid = await stripe.invoices.pay(payment.stripeInvoiceId, {}, { idempotencyKey: retryIdempotencyKey(payment) });
    return paid.status === 'paid' ? 'succeeded' : `failed: invoice ${paid.status}`;
  } catch (error) {
    const stripeError = error as Stripe.errors.StripeError;
    if (stripeError.code === 'invoice_payment_intent_requires_action') return 'requires action: the customer must confirm it with their bank';
    if (stripeError.type === 'StripeCardError') return `failed: ${stripeError.decline_code ?? stripeError.code ?? 'card_declined'}`;
    if (stripeError.type === 'StripeInvalidRequestError') return `failed: ${stripeError.message}`.slice(0, 250);
    return `error: ${stripeError.message ?? String(error)}`.slice(0, 250);
  }
}

/**
 * Retries claimed but never finished (the process stopped in between) are completed with the
 * same idempotency key: if Stripe already charged, it answers with that result instead of charging again.
 */
export async function resumePendingRetries(deps: RetryDeps): Promise<number> {
  const pending = await Payment.findAll({ where: { retryOutcome: 'pending', retriedAt: { [Op.lt]: new Date(Date.now() - 60_000) } } });
  for (const payment of pending) {
    const outcome = await payInvoice(deps.stripe, payment);
    await deps.db.write((transaction) => payment.update({ retryOutcome: outcome }, { transaction }));
  }
  return pending.length;
}
