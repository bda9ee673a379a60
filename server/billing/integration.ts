import { Op } from 'sequelize';
import { Customer, Plan, Subscription } from '../db/models';
import { NotFoundError } from '../errors';
import { customerAccess } from './access';
import { customerByExternalId } from '../linkedAccounts/customers';

export interface SubscriptionAnswer {
  email: string;
  plan: { id: number; name: string; tier: string } | null;
  status: string | null;
  access: { entitled: boolean; reason: string; graceUntil: string | null };
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
}

/**
 * What the business's own apps ask: is this person subscribed, to what, until when, and may
 * they use the product now (the access policy decides). The subscription that answers is the
 * one that entitles most; an e-mail with several Stripe customers answers for the one that does.
 */
export async function subscriptionForEmail(email: string): Promise<SubscriptionAnswer> {
  const customers = await Customer.findAll({ where: { email: { [Op.eq]: email.toLowerCase() } }, order: [['id', 'ASC']] });
  if (!customers.length) throw new NotFoundError(`No customer with the e-mail ${email}`);
  return answerFor(customers);
}

/** The same answer for the one customer linked to an app's user id (DESIGN §3.2). */
export async function subscriptionForExternalId(externalId: string): Promise<SubscriptionAnswer> {
  return answerFor([await customerByExternalId(externalId)]);
}

async function answerFor(customers: Customer[]): Promise<SubscriptionAnswer> {
  const answers = await Promise.all(customers.map(async (customer) => ({ customer, access: await customerAccess(customer.id) })));
  const best = answers.find((a) => a.access.entitled) ?? answers.find((a) => a.access.subscriptionId) ?? answers[0]!;
  const subscription = best.access.subscriptionId ? await Subscription.findByPk(best.access.subscriptionId) : null;
  const plan = subscription?.planId ? await Plan.findByPk(subscription.planId) : null;
  return {
    email: best.customer.email,
    plan: plan ? { id: plan.id, name: plan.name, tier: plan.tier } : null,
    status: subscription?.status ?? null,
    access: { entitled: best.access.entitled, reason: best.access.reason, graceUntil: best.access.graceUntil },
    currentPeriodEnd: subscription?.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: subscription?.cancelAtPeriodEnd ?? false,
  };
}
