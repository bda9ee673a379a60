import type Stripe from 'stripe';
import { Plan, Subscription } from '../db/models';
import type { Database } from '../db/sequelize';
import type { Logger } from '../logger';
import { completeSignup } from './signupCompletion';

export type CheckoutOutcome =
  | { kind: 'active'; planName: string | null; status: string }
  | { kind: 'processing'; planName: string | null }
  | { kind: 'open' }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/**
 * What the done page tells the person: the session as Stripe has it, and Recur's mirror of it.
 * A session Stripe reports complete is the signup's confirmation: what was typed is applied now
 * if the webhook has not done it yet. That must not cost the person their page: if Stripe fails
 * there, the sweep (signupCompletion.ts) finishes it later.
 */
export async function checkoutOutcome(stripe: Stripe, db: Database, log: Logger, sessionId: string): Promise<CheckoutOutcome> {
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'resource_missing') return { kind: 'unknown' };
    throw error;
  }
  if (session.status === 'expired') return { kind: 'expired' };
  if (session.status !== 'complete') return { kind: 'open' };
  await completeSignup(stripe, db, session, log).catch((err: unknown) => log.warn({ err, sessionId }, 'signup details not applied yet; the sweep will'));
  const stripeSubscriptionId = typeof session.subscription === 'string' ? session.subscription : session.subscription?.id;
  const planId = Number(session.metadata?.recurPlanId);
  const plan = Number.isInteger(planId) ? await Plan.findByPk(planId) : null;
  const local = stripeSubscriptionId ? await Subscription.findOne({ where: { stripeSubscriptionId } }) : null;
  if (!local) return { kind: 'processing', planName: plan?.name ?? null };
  return { kind: 'active', planName: plan?.name ?? null, status: local.status };
}
