import type Stripe from 'stripe';
import type { SessionUser } from '../auth/sessions';
import { Payment } from '../db/models';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { audit } from './audit';
import { mirrorNow } from './mirrorNow';
import type { RefundRequest } from '../../shared/actions';

/** Stripe's refusals in the admin's words: a second click still in flight, or a charge Stripe will not refund. */
function refusalOf(error: unknown): unknown {
  const stripeError = error as Stripe.errors.StripeError;
  if (stripeError.code === 'idempotency_key_in_use') return new ConflictError('This refund is already being made');
  if (stripeError.type === 'StripeInvalidRequestError' || stripeError.type === 'StripeCardError')
    return new ConflictError(`Stripe refused the refund: ${stripeError.message}`);
  return error;
}

/**
 * Refunds a payment in part (`{amount}`) or what is left of it (`{full: true}`, asked for in so
 * many words). The idempotency key is derived from what was refunded before, so a double submit
 * refunds once, while a later second partial refund is its own.
 */
export async function refundPayment(ctx: HandlerContext, id: number, request: RefundRequest, actor: SessionUser): Promise<Payment> {
  const amount = 'amount' in request ? request.amount : undefined;
  const payment = await Payment.findByPk(id);
  if (!payment) throw new NotFoundError(`No payment with id ${id}`);
  if (payment.status === 'failed') throw new ConflictError('A failed payment has nothing to refund');
  const refundable = payment.amount - payment.refundedAmount;
  if (refundable <= 0) throw new ConflictError('This payment is already fully refunded');
  if (amount !== undefined && amount > refundable) {
    throw new BadRequestError(`At most ${refundable} can still be refunded`, { amount: `must be at most ${refundable}` });
  }
  if (!payment.stripePaymentIntentId && !payment.stripeChargeId) throw new ConflictError('Stripe has not yet reported the charge of this payment');
  const refund = await ctx.stripe.refunds
    .create(
      {
        ...(payment.stripeChargeId ? { charge: payment.stripeChargeId } : { payment_intent: payment.stripePaymentIntentId! }),
        amount: amount ?? refundable,
        reason: 'requested_by_customer',
      },
      // Stripe keeps a key 24 hours; the refunded amount in it keeps a later refund from replaying this one.
      { idempotencyKey: `recur-refund-${payment.stripeChargeId ?? payment.stripeInvoiceId}-${payment.refundedAmount}-${amount ?? refundable}` },
    )
    .catch((error: unknown) => {
      throw refusalOf(error);
    });
  const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge?.id;
  if (chargeId) await mirrorNow(ctx, { charge: await ctx.stripe.charges.retrieve(chargeId) });
  await ctx.db.write((transaction) =>
    audit(actor, { action: 'payment.refund', entityType: 'payment', entityId: id, details: { amount: refund.amount, refund: refund.id } }, transaction),
  );
  return (await Payment.findByPk(id))!;
}
