import type { PlanKind, Tier } from './plan';
import type { ItemsPreview, PendingChange, SubscriptionItem } from './itemChange';
import type { CancellationReason, PauseBehavior } from './pause';
import type { Interval } from './money';
import type { PaymentStatus } from './payments';
import type { TemplateKey } from './emailTemplates';
import type { AdminRole } from './adminUsers';
import type { SubscriptionStatus } from './subscriptionStatus';

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

// The JSON shapes the server's /api/<resource> routes return (DESIGN §3). Dates are ISO strings,
// money is integer minor units with a lower- or upper-case ISO currency.

export type Role = AdminRole;

export interface AdminUser {
  id: number | string;
  email: string;
  name: string | null;
  role: Role;
  createdAt?: string;
}

/** GET /api/api-keys: never the key itself; POST adds `key`, the one time it is shown. */
export interface ApiKey {
  id: number | string;
  name: string;
  prefix: string;
  scopes: ('read' | 'write')[];
  createdBy: number | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  key?: string;
}

export interface AuditLogEntry {
  id: number | string;
  adminUserId: number | null;
  actor: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  /** JSON text */
  details: string | null;
  createdAt: string;
}

/** POST /api/sync (server/billing/reconcile.ts ReconcileReport). */
export interface SyncReport {
  checked: { customers: number; subscriptions: number; invoices: number };
  created: number;
  updated: number;
  drift: { object: string; stripeId: string; change: 'created' | 'updated' }[];
  /** what could not be read or applied (the rest was) */
  errors: { object: string; stripeId: string | null; message: string }[];
}

/** GET /api/retry-schedule */
export interface RetrySchedule {
  source: 'stripe' | 'emulator';
  description: string;
  days: number[] | null;
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
  kind: PlanKind;
  /** on a base plan: the add-ons it allows */
  addonIds: number[];
  perSeat: boolean;
  minQuantity: number | null;
  maxQuantity: number | null;
  createdAt: string;
}

export interface Customer {
  id: number | string;
  email: string;
  name: string | null;
  stripeCustomerId: string | null;
  /** the business's own user id, once a signup link linked the customer */
  externalId: string | null;
  currency: string | null;
  monthlyTotal: number;
  yearlyTotal: number;
  collected30d?: number;
  collected365d?: number;
  /** deleted in Stripe: the row and its history stay, its subscriptions ended */
  deleted: boolean;
  deletedAt: string | null;
  createdAt: string;
}

export interface Subscription {
  id: number | string;
  customerId: number | string;
  /** null: its price is not one of the catalog's plans (made in Stripe directly) */
  planId: number | string | null;
  status: SubscriptionStatus;
  quantity: number;
  currentPeriodStart?: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt?: string | null;
  trialEnd?: string | null;
  unitAmount?: number;
  currency?: string;
  /** the billing period: every `intervalCount` `interval`s */
  interval?: Interval;
  intervalCount?: number;
  stripeSubscriptionId: string | null;
  /** every item, the base plan's first */
  items: SubscriptionItem[];
  /** what the items come to per period, before discounts */
  recurringAmount: number;
  /** a change waiting for the period's end */
  pendingChange: PendingChange | null;
  /** Stripe's pause_collection, mirrored: null when collection runs */
  pauseBehavior?: PauseBehavior | null;
  pausedUntil?: string | null;
  /** Stripe's cancellation_details: null when no reason was given */
  cancellationReason?: CancellationReason | null;
  createdAt: string;
}

export interface Payment {
  id: number | string;
  customerId: number | string;
  /** joined in by the payments list, so a page needs no second request for the customers */
  customerEmail?: string | null;
  subscriptionId: number | string | null;
  invoiceId?: number | string | null;
  amount: number;
  currency: string;
  status: PaymentStatus;
  failureCode: string | null;
  failureMessage: string | null;
  attemptCount: number;
  nextRetryAt: string | null;
  retriedAt: string | null;
  retriedBy?: string | null;
  retryOutcome: string | null;
  refundedAmount: number;
  billingReason: string | null;
  /** requires_action: the invoice's hosted page, where the customer authenticates */
  actionUrl?: string | null;
  stripePaymentIntentId: string | null;
  attemptedAt: string | null;
  createdAt: string;
}

export interface Invoice {
  id: number | string;
  customerId: number | string;
  subscriptionId: number | string | null;
  stripeInvoiceId: string;
  number: string | null;
  status: 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
  currency: string;
  amountDue: number;
  amountPaid: number;
  amountRemaining: number;
  attemptCount: number;
  nextPaymentAttempt: string | null;
  billingReason: string | null;
  hostedInvoiceUrl: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  createdAt: string;
}

/** A stored Stripe event (the webhook inbox), keyed by Stripe's event id; GET /:id adds the payload. */
export interface InboxEvent {
  id: string;
  type: string;
  objectType: string | null;
  objectId: string | null;
  status: EventStatus;
  attempts: number;
  error: string | null;
  stripeCreated: number;
  receivedAt: string;
  processedAt: string | null;
  nextAttemptAt: string | null;
  payload?: unknown;
}

export interface Coupon {
  id: number | string;
  stripeCouponId: string;
  name: string | null;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: 'once' | 'repeating' | 'forever';
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: string | null;
  timesRedeemed: number;
  valid: boolean;
  createdAt: string;
}

export interface PromotionCode {
  id: number | string;
  couponId: number | string | null;
  stripePromotionCodeId: string;
  code: string;
  active: boolean;
  maxRedemptions: number | null;
  expiresAt: string | null;
  timesRedeemed: number;
  createdAt: string;
}

// The answers of the server's action and stats endpoints: one definition, in shared/.
export type { ChangePreview, RefundRequest } from './actions';
export type { NextCharge } from './upcoming';
export type { AccessPolicy } from './access';
export type {
  AwaitingPayment,
  CurrencyAmount,
  MonthPoint as RevenuePoint,
  MrrPoint,
  Stats,
  StatsSummary,
  SubscriptionsByPlan,
  WeekPoint,
} from './stats';

/** /api/signup-forms (shared/signupForms.ts has the rules the server applies). */
export interface SignupFormField {
  key: string;
  label: string;
  type: 'text' | 'email' | 'select' | 'checkbox';
  options: string[];
  required: boolean;
}

export interface SignupFormRecord {
  id: number | string;
  slug: string;
  title: string;
  intro: string;
  planIds: number[];
  allPlans: boolean;
  customFields: SignupFormField[];
  successMessage: string;
  accentColor: string;
  active: boolean;
  /** offer the chosen plan's add-ons, and a seat count for a per-seat plan */
  offerAddons: boolean;
  offerSeats: boolean;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/customers/:id/form-answers */
export interface FormAnswers {
  id: number;
  formId: number | null;
  formSlug: string;
  formTitle: string;
  checkoutSessionId: string | null;
  answers: { key: string; label: string; value: string | boolean }[];
  createdAt: string;
}

export type TemplateKeyName = TemplateKey;

/** An editable e-mail; `variables` (name → meaning) are the only {{names}} it may use. */
export interface EmailTemplate {
  id: number | string;
  key: TemplateKeyName;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  updatedBy: string | null;
  updatedAt: string;
  variables?: Record<string, string>;
}

/** A row of the outbox; the list leaves out textBody, htmlBody and data. */
export interface OutboxNotification {
  id: number | string;
  template: TemplateKeyName;
  to: string;
  customerId: number | null;
  subject: string | null;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  resentFrom: number | null;
  createdAt: string;
  sentAt: string | null;
  textBody?: string | null;
  htmlBody?: string | null;
  data?: Record<string, unknown>;
}

export type { ItemsPreview, PendingChange, SubscriptionItem };
