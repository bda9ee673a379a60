import type Stripe from 'stripe';
import { audit } from '../billing/audit';
import { Invoice, Subscription, type Customer } from '../db/models';
import { ConflictError } from '../errors';
import { applySnapshots } from '../stripe/apply/batch';
import { fetched } from '../stripe/apply/snapshot';
import type { HandlerContext } from '../stripe/handlers';
import { customerActor } from './actor';
import { ownInvoice } from './ownership';

export type PayOutcome = { paid: true } | { paid: false; code: string; message: string };

const REFUSALS: Record<string, string> = {
  paid: 'This invoice is already paid',
  void: 'This invoice was voided and is not due',
  uncollectible: 'This invoice was written off and cannot be paid here',
  draft: 'This invoice is not final yet',
};

/**
 * The idempotency key of one "Pay now": the invoice and the last charge made on it. Two clicks on
 * the same state reach Stripe once; after a decline the last charge is the declined one, so the
 * next click (with a fixed card) is a new attempt. Stripe replays a reused key's first answer,
 * decline included, which is why the invoice's attempt count (unchanged by manual payments) cannot be the key.
 */
async function payKey(ctx: HandlerContext, invoiceId: string): Promise<string> {
  const invoice = await ctx.stripe.invoices.retrieve(invoiceId, { expand: ['payments.data.payment.payment_intent'] });
  const charges = (invoice.payments?.data ?? []).flatMap((p) => {
    const intent = p.payment.payment_intent;
    const latest = intent && typeof intent !== 'string' ? intent.latest_charge : null;
    return latest ? [typeof latest === 'string' ? latest : latest.id] : [];
  });
  return `recur-portal-pay-${invoiceId}-after-${charges.sort().join('.') || 'none'}`;
}

/** "Pay now" on an open invoice, with the card on file. */
export async function payInvoiceFor(ctx: HandlerContext, customer: Customer, invoiceId: number): Promise<PayOutcome> {
  const local = await ownInvoice(customer, invoiceId);
  const invoice = await ctx.stripe.invoices.retrieve(local.stripeInvoiceId);
  const refusal = REFUSALS[invoice.status ?? 'draft'];
  if (refusal) {
    await mirrorInvoice(ctx, invoice);
    throw new ConflictError(refusal);
  }
  let outcome: PayOutcome;
  try {
    const paid = await ctx.stripe.invoices.pay(invoice.id, {}, { idempotencyKey: await payKey(ctx, invoice.id) });
    outcome = paid.status === 'paid' ? { paid: true } : { paid: false, code: paid.status ?? 'open', message: `The invoice is still ${paid.status}` };
  } catch (error) {
    const stripeError = error as Stripe.errors.StripeError;
    // Another click with the same key is still being charged: that one's answer is the answer.
    if (stripeError.code === 'idempotency_key_in_use') throw new ConflictError('This payment is already in progress');
    if (stripeError.type !== 'StripeCardError' && stripeError.type !== 'StripeInvalidRequestError') throw error;
    outcome = { paid: false, code: stripeError.decline_code ?? stripeError.code ?? 'card_declined', message: stripeError.message };
  }
  await mirrorInvoice(ctx, await ctx.stripe.invoices.retrieve(invoice.id));
  await ctx.db.write((transaction) =>
    audit(
      customerActor(customer),
      { action: 'invoice.pay', entityType: 'invoice', entityId: local.id, details: { invoice: invoice.id, ...outcome } },
      transaction,
    ),
  );
  return outcome;
}

/**
 * The portal shows the outcome at once (the invoice, and the subscription it brought back to
 * active); the webhooks that follow then change nothing. A fetched object is the current truth,
 * but on a test clock the rows' last events can be "later" than the wall clock, so the snapshots
 * are dated no earlier than them (a fetched snapshot wins same-second ties).
 */
async function mirrorInvoice(ctx: HandlerContext, invoice: Stripe.Invoice): Promise<void> {
  const stripeSubscriptionId = invoice.parent?.subscription_details?.subscription;
  const subscriptionId = typeof stripeSubscriptionId === 'string' ? stripeSubscriptionId : stripeSubscriptionId?.id;
  const [localInvoice, localSubscription] = await Promise.all([
    Invoice.findOne({ where: { stripeInvoiceId: invoice.id } }),
    subscriptionId ? Subscription.findOne({ where: { stripeSubscriptionId: subscriptionId } }) : null,
  ]);
  const at = Math.max(Math.floor(Date.now() / 1000), localInvoice?.lastEventAt ?? 0, localSubscription?.lastEventAt ?? 0);
  const byType = new Map<string, ReturnType<typeof fetched<unknown>>[]>([['invoice', [fetched<unknown>(invoice, at)]]]);
  if (subscriptionId) byType.set('subscription', [fetched<unknown>(await ctx.stripe.subscriptions.retrieve(subscriptionId), at)]);
  return applySnapshots(byType, ctx);
}
