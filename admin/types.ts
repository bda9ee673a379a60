import type { Interval } from '../shared/money';
import type { Tier } from '../shared/plan';

// The JSON shapes the server's /api/<resource> routes return (DESIGN §3). Dates are ISO strings,
// money is integer minor units with a lower- or upper-case ISO currency.

export type Role = 'owner' | 'admin' | 'viewer';

export interface AdminUser {
  id: number | string;
  email: string;
  name: string | null;
  role: Role;
}

export type { Interval, Tier };

export interface Plan {
  id: number | string;
  name: string;
  tier: Tier;
  amount: number;
  currency: string;
  interval: Interval;
  intervalCount: number;
  trialDays: number;
  active: boolean;
  stripeProductId: string | null;
  stripePriceId: string | null;
  createdAt: string;
}

export interface Customer {
  id: number | string;
  email: string;
  name: string | null;
  stripeCustomerId: string | null;
  currency: string | null;
  monthlyTotal: number;
  yearlyTotal: number;
  createdAt: string;
}

export type SubscriptionStatus =
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'unpaid'
  | 'canceled'
  | 'incomplete'
  | 'incomplete_expired'
  | 'paused';

export interface Subscription {
  id: number | string;
  customerId: number | string;
  planId: number | string;
  status: SubscriptionStatus;
  quantity: number;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  stripeSubscriptionId: string | null;
  createdAt: string;
}

export type PaymentStatus = 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';

export interface Payment {
  id: number | string;
  customerId: number | string;
  subscriptionId: number | string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  failureCode: string | null;
  failureMessage: string | null;
  attemptCount: number;
  nextRetryAt: string | null;
  retriedAt: string | null;
  retryOutcome: string | null;
  billingReason: string | null;
  stripePaymentIntentId: string | null;
  createdAt: string;
}
