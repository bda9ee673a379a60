import { z } from 'zod';

/**
 * What each unsettled subscription status means for access: how many days of grace after the
 * payment came due (past_due, unpaid) or after signup (incomplete). Active and trialing
 * subscriptions are entitled; canceled, expired and paused ones are not, and one whose payment
 * collection is paused only when `pausedKeepsAccess` says so.
 */
export const accessPolicySchema = z.strictObject({
  pastDueGraceDays: z.number({ message: 'must be a number' }).int('must be whole days').min(0, 'cannot be negative').max(365, 'must be at most 365'),
  unpaidGraceDays: z.number({ message: 'must be a number' }).int('must be whole days').min(0, 'cannot be negative').max(365, 'must be at most 365'),
  incompleteGraceDays: z.number({ message: 'must be a number' }).int('must be whole days').min(0, 'cannot be negative').max(30, 'must be at most 30'),
  /** whether a subscription whose payment collection is paused (Stripe's pause_collection) keeps access */
  pausedKeepsAccess: z.boolean({ message: 'must be true or false' }).default(false),
});
export type AccessPolicy = z.output<typeof accessPolicySchema>;

export const DEFAULT_ACCESS_POLICY: AccessPolicy = { pastDueGraceDays: 7, unpaidGraceDays: 0, incompleteGraceDays: 0, pausedKeepsAccess: false };

export interface SubscriptionForAccess {
  status: string;
  /** when the unpaid period began: the payment came due then */
  currentPeriodStart: Date | string | null;
  createdAt: Date | string;
  /** Stripe's pause_collection behavior, when collection is paused */
  pauseBehavior?: string | null;
}

export interface Access {
  entitled: boolean;
  reason: string;
  /** for a grace period: when access ends unless the payment succeeds */
  graceUntil: string | null;
}

const DAY_MS = 86_400_000;

export function accessFor(subscription: SubscriptionForAccess | null, policy: AccessPolicy, now = new Date()): Access {
  if (!subscription) return { entitled: false, reason: 'no subscription', graceUntil: null };
  const grace = (from: Date | string | null, days: number): Access => {
    const until = new Date(new Date(from ?? subscription.createdAt).getTime() + days * DAY_MS);
    return until > now
      ? { entitled: true, reason: `${subscription.status}, within ${days} grace days`, graceUntil: until.toISOString() }
      : { entitled: false, reason: `${subscription.status}, grace period over`, graceUntil: until.toISOString() };
  };
  // Stripe keeps a subscription whose collection is paused `active`; whether it is served is the policy's call.
  const live = subscription.status === 'active' || subscription.status === 'trialing' || subscription.status === 'past_due' || subscription.status === 'unpaid';
  if (subscription.pauseBehavior && live) {
    return policy.pausedKeepsAccess
      ? { entitled: true, reason: 'collection paused, access kept', graceUntil: null }
      : { entitled: false, reason: 'collection paused', graceUntil: null };
  }
  switch (subscription.status) {
    case 'active':
    case 'trialing':
      return { entitled: true, reason: subscription.status, graceUntil: null };
    case 'past_due':
      return grace(subscription.currentPeriodStart, policy.pastDueGraceDays);
    case 'unpaid':
      return grace(subscription.currentPeriodStart, policy.unpaidGraceDays);
    case 'incomplete':
      return grace(subscription.createdAt, policy.incompleteGraceDays);
    default:
      return { entitled: false, reason: subscription.status, graceUntil: null };
  }
}
