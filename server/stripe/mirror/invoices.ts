import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import { Invoice } from '../../db/models';
import { idOf, isNewer, toDate } from './util';

/** A paid, void or uncollectible invoice is final: a same-second open or draft never wins. */
const STATUS_RANK: Record<string, number> = { draft: 0, open: 1, paid: 2, uncollectible: 2, void: 2 };

export function subscriptionIdOfInvoice(source: Stripe.Invoice): string | null {
  return idOf(source.parent?.subscription_details?.subscription ?? null);
}

export async function upsertInvoice(
  source: Stripe.Invoice,
  customerId: number,
  subscriptionId: number | null,
  eventCreated: number,
  transaction: Transaction,
): Promise<Invoice> {
  const status = source.status ?? 'draft';
  const fields = {
    customerId,
    subscriptionId,
    number: source.number,
    status,
    currency: source.currency,
    amountDue: source.amount_due,
    amountPaid: source.amount_paid,
    amountRemaining: source.amount_remaining,
    attemptCount: source.attempt_count,
    nextPaymentAttempt: toDate(source.next_payment_attempt),
    billingReason: source.billing_reason,
    hostedInvoiceUrl: source.hosted_invoice_url ?? null,
    periodStart: toDate(source.period_start),
    periodEnd: toDate(source.period_end),
    lastEventAt: eventCreated,
  };
  const existing = await Invoice.findOne({ where: { stripeInvoiceId: source.id }, transaction });
  if (!existing) return Invoice.create({ stripeInvoiceId: source.id, ...fields }, { transaction });
  if (!isNewer(eventCreated, existing.lastEventAt, STATUS_RANK[status], STATUS_RANK[existing.status])) return existing;
  return existing.update(fields, { transaction });
}
