import type Stripe from 'stripe';
import { Subscription } from '../db/models';
import { ConflictError, NotFoundError } from '../errors';
import type { Logger } from '../logger';
import type { NextCharge } from '../../shared/upcoming';
import { isEnded } from '../../shared/subscriptionStatus';

/**
 * Stripe answers invoices.createPreview with the error code `invoice_upcoming_none` when the
 * subscription will not be invoiced again: canceled, set to cancel at period end, or with a
 * `cancel_at` before its next period (docs.stripe.com/error-codes#invoice-upcoming-none,
 * docs.stripe.com/api/invoices/create_preview). That is an answer ("no next charge"), not a failure.
 */
export function isNoUpcomingInvoice(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'invoice_upcoming_none';
}

/** A preview that Stripe says has no invoice to show is a 409 with words, never a 500. */
export async function upcomingOrConflict<T>(preview: () => Promise<T>): Promise<T> {
  try {
    return await preview();
  } catch (error) {
    if (isNoUpcomingInvoice(error))
      throw new ConflictError('Stripe has no upcoming invoice for this subscription: it is set to end and will not be charged again.');
    throw error;
  }
}

/**
 * The subscription's next charge as Stripe's upcoming-invoice preview has it (discounts and credit
 * included). A subscription that will not renew has none; a preview Stripe fails to give is
 * "unavailable" for this part only, and logged: one failing preview never fails a whole page.
 */
export async function nextChargeOf(deps: { stripe: Stripe; log: Logger }, subscription: Subscription): Promise<NextCharge> {
  const endsAt = subscription.currentPeriodEnd?.toISOString() ?? null;
  if (isEnded(subscription.status))
    return { status: 'none', endsAt: subscription.canceledAt?.toISOString() ?? null, message: `No next charge: the subscription is ${subscription.status}.` };
  if (subscription.cancelAtPeriodEnd) return { status: 'none', endsAt, message: 'No next charge: the subscription ends at the end of its period.' };
  const at = subscription.status === 'trialing' ? subscription.trialEnd : subscription.currentPeriodEnd;
  try {
    const upcoming = await deps.stripe.invoices.createPreview({ subscription: subscription.stripeSubscriptionId });
    return { status: 'scheduled', at: at?.toISOString() ?? null, amount: upcoming.amount_due, currency: upcoming.currency };
  } catch (error) {
    // cancel_at set before the next period (not mirrored by Recur): Stripe says there is nothing to charge.
    if (isNoUpcomingInvoice(error)) return { status: 'none', endsAt: null, message: 'No next charge: the subscription is set to end before it renews.' };
    deps.log.warn({ err: error, subscription: subscription.stripeSubscriptionId }, 'upcoming invoice preview failed');
    return { status: 'unavailable', message: 'The next charge is unavailable right now: Stripe did not answer. Try again in a moment.' };
  }
}

/** GET /api/subscriptions/:id/upcoming */
export async function upcomingCharge(deps: { stripe: Stripe; log: Logger }, id: number): Promise<NextCharge> {
  const subscription = await Subscription.findByPk(id);
  if (!subscription) throw new NotFoundError(`No subscription with id ${id}`);
  return nextChargeOf(deps, subscription);
}
