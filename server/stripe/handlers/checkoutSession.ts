import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import { PendingSignup, SignupSubmission } from '../../db/models';
import { idOf } from '../apply/snapshot';
import { linkSignupCustomer } from './linkCustomer';
import type { ObjectHandler } from './types';

/**
 * A signup's Checkout Session completed: what the person typed (pending_signups) now belongs to
 * the customer Stripe completed it for. The form answers become theirs (signup_submissions);
 * the Stripe-side details (name, metadata) are written by billing/signupCompletion.ts, outside
 * any transaction. Only the first caller (this handler or the done page) records it. A Checkout
 * started through an app's signup link also links the customer to the app's user (linkCustomer.ts).
 */
export async function recordCompletedSignup(session: Pick<Stripe.Checkout.Session, 'id' | 'status' | 'customer'>, transaction: Transaction): Promise<void> {
  const customer = idOf(session.customer);
  if (session.status !== 'complete' || !customer) return;
  const [claimed] = await PendingSignup.update(
    { completedAt: new Date(), stripeCustomerId: customer },
    { where: { checkoutSessionId: session.id, completedAt: null }, transaction },
  );
  if (!claimed) return;
  const pending = await PendingSignup.findByPk(session.id, { transaction });
  if (pending?.signupLinkId) await linkSignupCustomer(pending.signupLinkId, customer, transaction);
  if (!pending?.answers.length) return;
  const { formId, formSlug, formTitle, email, answers } = pending;
  await SignupSubmission.create({ formId, formSlug, formTitle, email, stripeCustomerId: customer, checkoutSessionId: session.id, answers }, { transaction });
}

/**
 * A completed Checkout is the moment a signup becomes a subscription. Naming the customer and
 * subscription as parents makes the batch fetch and mirror them if their own events are late or lost.
 */
export const checkoutSessionHandler: ObjectHandler<Stripe.Checkout.Session> = {
  parents: (session) => (session.status === 'complete' ? { customer: idOf(session.customer), subscription: idOf(session.subscription) } : {}),
  async apply(snapshots, { transaction }) {
    for (const { object } of snapshots) await recordCompletedSignup(object, transaction);
  },
};
