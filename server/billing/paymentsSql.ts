import type { Dialect } from '../db/sequelize';
import { sqliteDate, sqliteDateJson } from '../db/sqliteRaw';
import type { PaymentFilter } from './paymentsFilter';
import { idsMatch, versionSql } from './paymentsPages';

import { BoundValues, type SqlValue } from '../db/sql';

export interface SqlPart {
  sql: string;
  params: SqlValue[];
}

/** Sort field → columns; status sorts newest first within a status, which its index serves. */
const ORDER: Record<string, string[]> = {
  id: [],
  createdAt: ['p.created_at'],
  attemptedAt: ['p.attempted_at'],
  amount: ['p.amount'],
  status: ['p.status', 'p.created_at'],
};

/** The model's columns under their JSON names, in its attribute order, plus the customer's e-mail. */
const FIELDS: [string, string][] = [
  ['id', 'p.id'],
  ['customerId', 'p.customer_id'],
  ['subscriptionId', 'p.subscription_id'],
  ['invoiceId', 'p.invoice_id'],
  ['stripeInvoiceId', 'p.stripe_invoice_id'],
  ['stripePaymentIntentId', 'p.stripe_payment_intent_id'],
  ['stripeChargeId', 'p.stripe_charge_id'],
  ['amount', 'p.amount'],
  ['currency', 'p.currency'],
  ['status', 'p.status'],
  ['failureCode', 'p.failure_code'],
  ['failureMessage', 'p.failure_message'],
  ['attemptCount', 'p.attempt_count'],
  ['nextRetryAt', 'p.next_retry_at'],
  ['billingReason', 'p.billing_reason'],
  ['actionUrl', 'p.action_url'],
  ['refundedAmount', 'p.refunded_amount'],
  ['retriedAt', 'p.retried_at'],
  ['retriedBy', 'p.retried_by'],
  ['retryOutcome', 'p.retry_outcome'],
  ['attemptedAt', 'p.attempted_at'],
  ['createdAt', 'p.created_at'],
  ['updatedAt', 'p.updated_at'],
  ['customerEmail', 'c.email'],
];
const DATES = new Set(['nextRetryAt', 'retriedAt', 'attemptedAt', 'createdAt', 'updatedAt']);

/** PostgreSQL: plain columns; the driver's Dates and BIGINT strings are normalised in JS. */
const COLUMNS = FIELDS.map(([name, column]) => `${column} AS "${name}"`).join(', ');

/**
 * SQLite: each row as JSON text built by SQLite, dates already ISO 8601. Handing node-sqlite3
 * one string per row instead of 23 columns saves more than half the page's cost, which is the
 * driver building JS objects property by property.
 */
const JSON_ROW = `json_object(${FIELDS.map(([name, column]) => `'${name}', ${DATES.has(name) ? sqliteDateJson(column) : column}`).join(', ')}) AS json`;

/** Builds SQL with `?` placeholders, its values in the order they appear in the text (the read pool binds them). */
export class SqlBuilder extends BoundValues {
  constructor(private readonly dialect: Dialect) {
    super();
  }

  param(value: SqlValue | Date): string {
    // Dates are compared as stored: Sequelize keeps them as text on SQLite, in its own format.
    return this.add(value instanceof Date ? (this.dialect === 'sqlite' ? sqliteDate(value) : value.toISOString()) : value);
  }

  /**
   * `scanSort`: SQLite only. The filter is broad, so walking the sort's index and skipping
   * misses beats collecting every match through the filter's index and sorting them: a unary +
   * keeps SQLite's planner off the status and amount indexes.
   */
  where(filter: PaymentFilter, scanSort = false): string {
    const off = scanSort ? '+' : '';
    const clauses: string[] = [];
    if (filter.id) clauses.push(this.in('p.id', filter.id));
    if (filter.status) clauses.push(this.in(`${off}p.status`, filter.status));
    if (filter.customerId) clauses.push(this.in('p.customer_id', filter.customerId));
    if (filter.subscriptionId) clauses.push(this.in('p.subscription_id', filter.subscriptionId));
    if (filter.invoiceId) clauses.push(this.in('p.invoice_id', filter.invoiceId));
    // A payment belongs to a plan through its subscription (the plan a subscription is on now).
    if (filter.planId) clauses.push(`p.subscription_id IN (SELECT s.id FROM subscriptions s WHERE ${this.in('s.plan_id', filter.planId)})`);
    if (filter.attemptedFrom) clauses.push(`p.attempted_at >= ${this.param(filter.attemptedFrom)}`);
    if (filter.attemptedBefore) clauses.push(`p.attempted_at < ${this.param(filter.attemptedBefore)}`);
    if (filter.amountMin !== undefined) clauses.push(`${off}p.amount >= ${this.param(filter.amountMin)}`);
    if (filter.amountMax !== undefined) clauses.push(`${off}p.amount <= ${this.param(filter.amountMax)}`);
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  }
}

/** The sort's columns with a direction, id last: `p.amount ASC, p.id ASC`. */
export function sortColumns(field: string, direction: 'ASC' | 'DESC'): string {
  return [...(ORDER[field] ?? []), 'p.id'].map((column) => `${column} ${direction}`).join(', ');
}

/** ORDER BY for a whitelisted field; id breaks ties so pages never overlap. */
export function orderBy(field: string, direction: 'ASC' | 'DESC'): string {
  return `ORDER BY ${sortColumns(field, direction)}`;
}

/**
 * Rows by id, with the list's change counter read by the same statement (so on the same
 * snapshot): always at least one row, whose `v` is the counter; `id` null when no row matched.
 * `ids` is one parameter (paymentsPages.ts idsParam).
 */
export function rowsByIdsSql(dialect: Dialect, ids: string): string {
  const rows = dialect === 'sqlite' ? `p.id AS id, ${JSON_ROW}` : COLUMNS;
  return `SELECT v.v AS "_v", r.* FROM (${versionSql('payments')}) v LEFT JOIN (SELECT ${rows}
    FROM payments p LEFT JOIN customers c ON c.id = p.customer_id WHERE ${idsMatch(dialect, 'p.id', ids)}) r ON 1 = 1`;
}

/**
 * The page: the payments are picked (and offset) on their own indexes first, then joined to
 * their customers, so the join costs 25 primary-key lookups whatever the table's size.
 */
export function pageSql(dialect: Dialect, where: string, order: string, limit: string, offset: string): string {
  return `SELECT ${dialect === 'sqlite' ? JSON_ROW : COLUMNS} FROM (SELECT * FROM payments p ${where} ${order} LIMIT ${limit} OFFSET ${offset}) p
    LEFT JOIN customers c ON c.id = p.customer_id ${order}`;
}
