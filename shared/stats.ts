/**
 * What GET /api/stats/* answer (server/billing/stats.ts computes them; the admin's dashboard
 * draws them). Money is integer minor units per currency.
 */

export interface CurrencyAmount {
  currency: string;
  amount: number;
}

export interface StatsSummary {
  /** monthly recurring revenue after discounts: the sum of the customers' maintained monthly totals */
  mrr: CurrencyAmount[];
  arr: CurrencyAmount[];
  /** per status; a subscription whose payment collection is paused counts under `paused`, not its Stripe status */
  subscriptions: Record<string, number>;
  /** subscriptions not billing now: collection paused (Stripe's pause_collection) or Stripe's `paused` status; not in MRR */
  paused: number;
  /** subscriptions canceled in the last 30 days, and the share of those live 30 days ago */
  churn: { canceled30d: number; activeAtStart: number; rate: number };
  collected30d: CurrencyAmount[];
  /** failed payments whose invoice has no later attempt and that were not retried by hand */
  failedAwaitingAction: number;
  /** payments waiting for the customer to authenticate (3D Secure) on invoices still open: not declines */
  awaitingAuthentication: number;
}

export interface MonthPoint {
  month: string;
  currency: string;
  amount: number;
}

export interface WeekPoint {
  week: string;
  succeeded: number;
  failed: number;
  /** attempts the bank sent back to the customer for authentication (3D Secure) */
  requiresAction: number;
}

export interface PlanCount {
  planId: number | null;
  plan: string;
  tier: string | null;
  active: number;
  trialing: number;
  pastDue: number;
}

export interface SubscriptionsByPlan {
  plans: PlanCount[];
  tiers: { tier: string; subscriptions: number }[];
}

export interface MrrPoint {
  month: string;
  currency: string;
  /** run-rate at the month's end (or now, for this month), from list prices: history has no discounts */
  mrr: number;
  subscriptions: number;
  /** subscriptions canceled during the month */
  canceled: number;
}

export interface AwaitingPayment {
  id: number;
  customerId: number;
  customerEmail: string | null;
  amount: number;
  currency: string;
  failureCode: string | null;
  failureMessage: string | null;
  attemptCount: number;
  nextRetryAt: string | null;
  attemptedAt: string | null;
}

/** Every series, keyed by its path under /api/stats. */
export interface Stats {
  summary: StatsSummary;
  revenue: MonthPoint[];
  mrr: MrrPoint[];
  'payments-weekly': WeekPoint[];
  'subscriptions-by-plan': SubscriptionsByPlan;
  'failed-payments': AwaitingPayment[];
}
