import { Customer, Subscription } from '../db/models';
import { NotFoundError } from '../errors';
import { accessFor, type Access, type AccessPolicy, type SubscriptionForAccess } from '../../shared/access';
import { getAccessPolicy } from './settings';
import type { SubscriptionStatus } from '../../shared/subscriptionStatus';

/** Status order when a customer has several subscriptions: the most entitling one answers. */
const PREFERENCE: readonly string[] = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'incomplete',
  'paused',
  'canceled',
  'incomplete_expired',
] satisfies SubscriptionStatus[];

/** Whether a customer is entitled now, per the access policy: the one answer every surface uses. */
export async function customerAccess(customerId: number): Promise<Access & { subscriptionId: number | null }> {
  const customer = await Customer.findByPk(customerId);
  if (!customer) throw new NotFoundError(`No customer with id ${customerId}`);
  const subscriptions = await Subscription.findAll({ where: { customerId } });
  const policy = await getAccessPolicy();
  return bestAccess(subscriptions, policy);
}

/**
 * The answer for a customer's subscriptions as given (no reads), so a caller inside a write
 * (outgoing access.changed events, server/appEvents/diff.ts) gets the same answer from rows it read itself.
 */
export function bestAccess(
  subscriptions: readonly (SubscriptionForAccess & { id: number })[],
  policy: AccessPolicy,
  now = new Date(),
): Access & { subscriptionId: number | null } {
  const ranked = subscriptions
    .map((s) => ({ s, access: accessFor(s, policy, now) }))
    .sort((a, b) => Number(b.access.entitled) - Number(a.access.entitled) || PREFERENCE.indexOf(a.s.status) - PREFERENCE.indexOf(b.s.status));
  const best = ranked[0];
  return best ? { ...best.access, subscriptionId: best.s.id } : { ...accessFor(null, policy, now), subscriptionId: null };
}
