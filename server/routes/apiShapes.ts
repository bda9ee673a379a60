import type { InferAttributes } from 'sequelize';
import type * as Api from '../../shared/api';
import type {
  AdminUser,
  ApiKey,
  AuditLog,
  Coupon,
  Customer,
  EmailTemplate,
  Invoice,
  Notification,
  Payment,
  Plan,
  PromotionCode,
  StripeEvent,
  Subscription,
} from '../db/models';

// Compile-time only: the admin reads rows as shared/api.ts describes them, and the server sends
// its models' rows as JSON. Each line below fails tsc when a model loses, renames or retypes a
// field that the admin's record type requires.

/** A row's attributes as JSON gives them: dates as ISO strings. */
type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
/**
 * A record's field as a row may hold it: a status the admin knows as a list of names is a string
 * in the row, as Stripe may add a value before Recur knows it.
 */
type Stored<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
/** Every field the record requires is in the row's JSON, with a type the record accepts. */
type Covers<Row, Rec> =
  Json<Row> extends Stored<Pick<Rec, RequiredKeys<Rec>>> ? true : { missingOrRetyped: Exclude<RequiredKeys<Rec>, keyof Row> | 'see the field types' };
type Holds<T extends true> = T;

export type ApiShapesHold = [
  Holds<Covers<InferAttributes<AdminUser>, Api.AdminUser>>,
  Holds<Covers<InferAttributes<ApiKey>, Api.ApiKey>>,
  Holds<Covers<InferAttributes<AuditLog>, Api.AuditLogEntry>>,
  Holds<Covers<InferAttributes<Plan>, Api.Plan>>,
  Holds<Covers<InferAttributes<Customer>, Api.Customer>>,
  Holds<Covers<InferAttributes<Subscription>, Api.Subscription>>,
  Holds<Covers<InferAttributes<Payment>, Api.Payment>>,
  Holds<Covers<InferAttributes<Invoice>, Api.Invoice>>,
  Holds<Covers<InferAttributes<StripeEvent>, Api.InboxEvent>>,
  Holds<Covers<InferAttributes<Coupon>, Api.Coupon>>,
  Holds<Covers<InferAttributes<PromotionCode>, Api.PromotionCode>>,
  Holds<Covers<InferAttributes<EmailTemplate>, Api.EmailTemplate>>,
  Holds<Covers<InferAttributes<Notification>, Api.OutboxNotification>>,
];
