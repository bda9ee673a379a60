import Stripe from 'stripe';
import { Op } from 'sequelize';
import { PendingSignup, SignupLink } from '../db/models';

/**
 * One open Checkout per app user: before a new one starts through a signup link, those started
 * earlier through any link for the same user are expired (docs.stripe.com/api/checkout/sessions/expire),
 * so two tabs (or two links) cannot both be paid, leaving a second customer the user id cannot name.
 * One that completed meanwhile refuses to expire; its completion links it as usual, and this
 * Checkout then goes to the customer it linked (signup.ts looks the linked customer up after this).
 */
export async function expireEarlierCheckouts(stripe: Stripe, externalId: string): Promise<void> {
  const links = await SignupLink.findAll({ where: { externalId }, attributes: ['id'] });
  if (!links.length) return;
  const open = await PendingSignup.findAll({
    where: { signupLinkId: { [Op.in]: links.map((link) => link.id) }, completedAt: null },
    attributes: ['checkoutSessionId'],
  });
  for (const { checkoutSessionId } of open) {
    try {
      await stripe.checkout.sessions.expire(checkoutSessionId);
    } catch (error) {
      // Completed or expired already (400), or gone: nothing is left open there.
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    }
  }
}
