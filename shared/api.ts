/**
 * The values the admin API's status and role fields take, in one place for the server (its models,
 * filters and SQL) and the admin (its types, chips and choices). A value added here reaches both;
 * one dropped fails tsc wherever it was used.
 */
export { ROLES, type AdminRole } from './adminUsers';
export { PAYMENT_STATUSES, COLLECTED_PAYMENT_STATUSES, type PaymentStatus } from './payments';
export { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from './subscriptionStatus';

/** A stored Stripe event: waiting, applied (`processed`), failed (with its error), or of a type Recur does not act on. */
export const EVENT_STATUSES = ['pending', 'processed', 'failed', 'ignored'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * An outbox message. queued: waiting for the sender (or for its next attempt); sending: claimed by
 * a sender; sent: accepted by the SMTP server; stored: kept in the outbox only (no SMTP_URL);
 * failed: gave up after the last retry; skipped: no longer true when its turn came.
 */
export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'stored', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
