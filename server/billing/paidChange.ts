import type Stripe from 'stripe';
import { ConflictError, PaymentRequiredError } from '../errors';
import type { Subscription } from '../db/models';
import type { HandlerContext } from '../stripe/handlers';
import type { SubscriptionStatus } from '../../shared/subscriptionStatus';

/** A subscription that owes money: changing its plan now could credit time nobody paid for. */
const UNPAID = new Set<string>(['past_due', 'unpaid', 'incomplete', 'paused'] satisfies SubscriptionStatus[]);

/**
 * A change is made only on a subscription that is paid up. A downgrade prorates the unused part
 * of the current period into a credit; if that period's invoice was never paid, the credit would
 * be for time never paid (found by probing: a declined $9 upgrade, then a downgrade, credited
 * about 20 months). So an open invoice must be paid first.
 */
export async function assertPaidUp(ctx: HandlerContext, subscription: Subscription): Promise<Stripe.Subscription> {
  const remote = await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId, { expand: ['latest_invoice'] });
  const latest = remote.latest_invoice;
  const open = latest && typeof latest !== 'string' && latest.status === 'open' && latest.amount_remaining > 0;
  if (UNPAID.has(remote.status) || open) {
    throw new ConflictError('This subscription has an unpaid invoice. It must be paid before the plan can change, so no unpaid time is ever credited.');
  }
  if (remote.pending_update) throw new ConflictError('A plan change is already waiting for its payment; it completes once that payment is confirmed.');
  return remote;
}

function intentOf(invoice: Stripe.Invoice): Stripe.PaymentIntent | null {
  const payments = [...(invoice.payments?.data ?? [])].sort((a, b) => b.created - a.created);
  const intent = payments[0]?.payment.payment_intent;
  return intent && typeof intent !== 'string' ? intent : null;
}

/**
 * The change's invoice was not paid, so Stripe kept the subscription as it was and holds the
 * change in `pending_update` (payment_behavior=pending_if_incomplete, docs.stripe.com/billing/
 * subscriptions/pending-updates). A decline drops the change at once: its invoice is voided, which
 * discards the pending update, so nothing can collect it later for a change that never happened.
 * A payment waiting for the customer's bank (3D Secure) is kept: paying it on the hosted invoice
 * page applies the change; unpaid, Stripe expires the update after 23 hours.
 */
async function refuseUnpaid(ctx: HandlerContext, updated: Stripe.Subscription, planName: string): Promise<never> {
  const latest = updated.latest_invoice;
  const invoiceId = typeof latest === 'string' ? latest : latest?.id;
  const invoice = invoiceId ? await ctx.stripe.invoices.retrieve(invoiceId, { expand: ['payments.data.payment.payment_intent'] }) : null;
  const intent = invoice ? intentOf(invoice) : null;
  if (invoice && intent?.status === 'requires_action') {
    throw new PaymentRequiredError(
      `The bank asks the customer to confirm this charge (3D Secure). The subscription stays on ${planName} until they do, on the invoice's page, within 23 hours.`,
      invoice.hosted_invoice_url ?? null,
    );
  }
  if (invoice?.status === 'open') await ctx.stripe.invoices.voidInvoice(invoice.id);
  const error = intent?.last_payment_error;
  const reason = error?.message ?? 'The payment did not go through.';
  const code = error?.decline_code ?? error?.code;
  throw new PaymentRequiredError(
    `The charge for this change was declined${code ? ` (${code})` : ''}: ${reason} The subscription stays on ${planName}; nothing was charged.`,
    null,
    code ?? 'card_declined',
  );
}

/**
 * subscriptions.update for a change that charges now, applied only once it is paid. The
 * idempotency key names the invoice the subscription had before: two clicks on the same state
 * charge once, and after a decline (a new, voided invoice) a retry with a fixed card is a new charge.
 */
export async function updateWhenPaid(
  ctx: HandlerContext,
  remote: Stripe.Subscription,
  params: Stripe.SubscriptionUpdateParams,
  key: string,
  planName: string,
): Promise<Stripe.Subscription> {
  const latest = typeof remote.latest_invoice === 'string' ? remote.latest_invoice : (remote.latest_invoice?.id ?? 'none');
  let updated: Stripe.Subscription;
  try {
    updated = await ctx.stripe.subscriptions.update(
      remote.id,
      { ...params, payment_behavior: 'pending_if_incomplete' },
      { idempotencyKey: `${key}-after-${latest}` },
    );
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'idempotency_key_in_use') throw new ConflictError('This change is already being made');
    throw error;
  }
  if (updated.pending_update) return refuseUnpaid(ctx, updated, planName);
  return updated;
}
