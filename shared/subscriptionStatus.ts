/**
 * Stripe's subscription statuses, and the groups of them Recur decides by, in one place for the
 * server, its SQL and the admin (docs.stripe.com/api/subscriptions/object#subscription_object-status).
 */
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'unpaid', 'canceled', 'incomplete', 'incomplete_expired', 'paused'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Final: the subscription bills nothing more and takes no change. */
export const ENDED_STATUSES = ['canceled', 'incomplete_expired'] as const satisfies readonly SubscriptionStatus[];

/** Counted towards run-rate (MRR): paying ones, not trials, as in Stripe's own MRR. */
export const PAYING_STATUSES = ['active', 'past_due'] as const satisfies readonly SubscriptionStatus[];

/** In force: trialing or paying (the dashboard's live subscriptions). */
export const LIVE_STATUSES = ['trialing', ...PAYING_STATUSES] as const satisfies readonly SubscriptionStatus[];

/** Never started: the first invoice was not paid (in time). Not part of MRR history. */
export const NEVER_STARTED_STATUSES = ['incomplete', 'incomplete_expired'] as const satisfies readonly SubscriptionStatus[];

/** Collecting payments, so collection can be paused (the dashboard counts those paused as paused). */
export const COLLECTING_STATUSES = ['trialing', 'active', 'past_due', 'unpaid'] as const satisfies readonly SubscriptionStatus[];

/** No payment collection to pause: ended, or not started. */
export const NOT_PAUSABLE_STATUSES = ['canceled', 'incomplete', 'incomplete_expired'] as const satisfies readonly SubscriptionStatus[];

const has = (list: readonly string[]) => (status: string) => list.includes(status);
export const isEnded = has(ENDED_STATUSES);
export const isPausable = (status: string) => !has(NOT_PAUSABLE_STATUSES)(status);
