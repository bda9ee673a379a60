import { chunks } from '../db/bulk';
import { placeholders, type Sql } from '../db/sql';

/** A subscription as the app sees it in an event: what it was sold, its state and its dates. */
export interface SubscriptionState {
  id: number;
  customerId: number;
  stripeSubscriptionId: string;
  status: string;
  planId: number | null;
  items: { planId: number | null; quantity: number }[];
  /** the base plan's quantity, for a row from before items were kept (entitlements read it) */
  quantity: number;
  currency: string;
  recurringAmount: number;
  interval: string;
  intervalCount: number;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  trialEnd: string | null;
  pauseBehavior: string | null;
  pausedUntil: string | null;
  createdAt: string;
}

export interface PaymentState {
  id: number;
  customerId: number;
  subscriptionId: number | null;
  invoiceId: number | null;
  stripeInvoiceId: string;
  stripePaymentIntentId: string | null;
  status: string;
  amount: number;
  currency: string;
  attemptCount: number;
  failureCode: string | null;
  failureMessage: string | null;
  nextRetryAt: string | null;
  actionUrl: string | null;
  attemptedAt: string | null;
}

/** SQLite hands dates back as Sequelize wrote them (`2026-01-02 03:04:05.678 +00:00`), PostgreSQL as Dates. */
export function isoOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  const date = new Date(/^\d{4}-\d\d-\d\d \d/.test(text) ? text.replace(' ', 'T').replace(' +00:00', 'Z') : text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

type Raw = Record<string, unknown>;

async function inChunks(sql: Sql, query: (list: string) => string, ids: readonly number[]): Promise<Raw[]> {
  const out: Raw[] = [];
  for (const part of chunks(ids, 500)) out.push(...(await sql.all<Raw>(query(placeholders(part.length)), part)));
  return out;
}

export async function subscriptionsOf(sql: Sql, customerIds: readonly number[]): Promise<SubscriptionState[]> {
  const rows = await inChunks(
    sql,
    (list) => `SELECT id, customer_id AS "customerId", stripe_subscription_id AS "stripeSubscriptionId", status, plan_id AS "planId", items, quantity, currency,
       recurring_amount AS "recurringAmount", "interval", interval_count AS "intervalCount", current_period_start AS "currentPeriodStart",
       current_period_end AS "currentPeriodEnd", cancel_at_period_end AS "cancelAtPeriodEnd", canceled_at AS "canceledAt", trial_end AS "trialEnd",
       pause_behavior AS "pauseBehavior", paused_until AS "pausedUntil", created_at AS "createdAt"
       FROM subscriptions WHERE customer_id IN (${list})`,
    customerIds,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    customerId: Number(r.customerId),
    stripeSubscriptionId: String(r.stripeSubscriptionId),
    status: String(r.status),
    planId: numberOrNull(r.planId),
    items: (JSON.parse(String(r.items ?? '[]')) as { planId: number | null; quantity: number }[]).map((i) => ({ planId: i.planId, quantity: i.quantity })),
    quantity: Number(r.quantity ?? 1),
    currency: String(r.currency),
    recurringAmount: Number(r.recurringAmount),
    interval: String(r.interval),
    intervalCount: Number(r.intervalCount),
    currentPeriodStart: isoOf(r.currentPeriodStart),
    currentPeriodEnd: isoOf(r.currentPeriodEnd),
    cancelAtPeriodEnd: Boolean(r.cancelAtPeriodEnd),
    canceledAt: isoOf(r.canceledAt),
    trialEnd: isoOf(r.trialEnd),
    pauseBehavior: r.pauseBehavior === null || r.pauseBehavior === undefined ? null : String(r.pauseBehavior),
    pausedUntil: isoOf(r.pausedUntil),
    createdAt: isoOf(r.createdAt) ?? '',
  }));
}

/** The rows a batch may have written: newer than `afterId`, or still waiting for the customer (their outcome updates them). */
export async function paymentsOf(sql: Sql, customerIds: readonly number[], afterId: number, include: readonly number[] = []): Promise<PaymentState[]> {
  const rows: Raw[] = [];
  // the rows that were waiting before the batch, whatever their status after it
  const also = include.length ? ` OR id IN (${placeholders(include.length)})` : '';
  for (const part of chunks(customerIds, 500)) {
    rows.push(
      ...(await sql.all<Raw>(
        `SELECT id, customer_id AS "customerId", subscription_id AS "subscriptionId", invoice_id AS "invoiceId", stripe_invoice_id AS "stripeInvoiceId",
           stripe_payment_intent_id AS "stripePaymentIntentId", status, amount, currency, attempt_count AS "attemptCount", failure_code AS "failureCode",
           failure_message AS "failureMessage", next_retry_at AS "nextRetryAt", action_url AS "actionUrl", attempted_at AS "attemptedAt"
           FROM payments WHERE customer_id IN (${placeholders(part.length)}) AND (id > ? OR status = 'requires_action'${also})`,
        [...part, afterId, ...include],
      )),
    );
  }
  return rows.map((r) => ({
    id: Number(r.id),
    customerId: Number(r.customerId),
    subscriptionId: numberOrNull(r.subscriptionId),
    invoiceId: numberOrNull(r.invoiceId),
    stripeInvoiceId: String(r.stripeInvoiceId),
    stripePaymentIntentId: r.stripePaymentIntentId === null ? null : String(r.stripePaymentIntentId),
    status: String(r.status),
    amount: Number(r.amount),
    currency: String(r.currency),
    attemptCount: Number(r.attemptCount),
    failureCode: r.failureCode === null ? null : String(r.failureCode),
    failureMessage: r.failureMessage === null ? null : String(r.failureMessage),
    nextRetryAt: isoOf(r.nextRetryAt),
    actionUrl: r.actionUrl === null || r.actionUrl === undefined ? null : String(r.actionUrl),
    attemptedAt: isoOf(r.attemptedAt),
  }));
}

/** Who an event is about, as the app knows them: its own user id (externalId, issue 15) when linked. */
export interface CustomerFacts {
  customerId: number;
  externalId: string | null;
  email: string | null;
}

/** Whether customers has external_id (migration 022, linked accounts): learned from the first rows read. */
let hasExternalId: boolean | null = null;

export async function customerFacts(sql: Sql, ids: readonly number[]): Promise<Map<number, CustomerFacts>> {
  const columns = hasExternalId === null ? '*' : hasExternalId ? 'id, email, external_id' : 'id, email';
  const rows = await inChunks(sql, (list) => `SELECT ${columns} FROM customers WHERE id IN (${list})`, ids);
  if (hasExternalId === null && rows[0]) hasExternalId = 'external_id' in rows[0];
  return new Map(
    rows.map((r) => {
      const externalId = r.external_id ?? r.externalId;
      return [
        Number(r.id),
        {
          customerId: Number(r.id),
          externalId: externalId === null || externalId === undefined ? null : String(externalId),
          email: r.email ? String(r.email) : null,
        },
      ];
    }),
  );
}
