import { z } from 'zod';

/**
 * What each unsettled subscription status means for access: how many days of grace after the
 * payment came due (past_due, unpaid) or after signup (incomplete). Active and trialing
 * subscriptions are entitled; canceled, expired and paused ones are not.
 */
export const accessPolicySchema = z.strictObject({
  pastDueGraceDays: z.number({ message: 'must be a number' }).int('must be whole days').min(0, 'cannot be negative').max(365, 'must be at most 365'),
  unpaidGraceDays: z.number({ message: 'must be a number' }).int('must be whole days').min(0, 'cannot be negative').max(365, 'must be at most 365'),
  incompleteGraceDays: z.number({ message: 'must be a number' }).int('must be whole days').min(0, 'cannot be negative').max(30, 'must be at most 30'),
});
export type AccessPolicy = z.infer<typeof accessPolicySchema>;

export const DEFAULT_ACCESS_POLICY: AccessPolicy = { pastDueGraceDays: 7, unpaidGraceDays: 0, incompleteGraceDays: 0 };

export interface SubscriptionForAccess {
  status: string;
  /** when the unpaid period began: the payment came due then */
  currentPeriodStart: Date | string | null;
  createdAt: Date | string;
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
