import { resolveSort, type JsonPage } from '../db/list';
import { Payment } from '../db/models';
import { readerFor, type Reader, type SqlParam } from '../db/readPool';
import type { Dialect } from '../db/sequelize';
import type { ListQuery } from '../../shared/listQuery';
import { countableByStatus, parsePaymentFilter, PAYMENTS_SPEC, type PaymentFilter } from './paymentsFilter';
import { mayScanSortIndex, scanIsCheaper } from './paymentsPlan';
import { orderBy, pageSql, SqlBuilder } from './paymentsSql';

type Stamp = string | Date | null;

/** A row as either driver hands it back: SQLite dates are text, PostgreSQL BIGINTs are strings. */
interface PaymentRow {
  id: number;
  customerId: number;
  subscriptionId: number | null;
  invoiceId: number | null;
  stripeInvoiceId: string;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
  amount: number | string;
  currency: string;
  status: string;
  failureCode: string | null;
  failureMessage: string | null;
  attemptCount: number;
  nextRetryAt: Stamp;
  billingReason: string | null;
  refundedAmount: number | string;
  retriedAt: Stamp;
  retriedBy: string | null;
  retryOutcome: string | null;
  attemptedAt: Stamp;
  createdAt: Stamp;
  updatedAt: Stamp;
  customerEmail: string | null;
}

export type PaymentListRow = Omit<PaymentRow, 'amount' | 'refundedAmount' | 'nextRetryAt' | 'retriedAt' | 'attemptedAt' | 'createdAt' | 'updatedAt'> & {
  amount: number;
  refundedAmount: number;
  nextRetryAt: string | null;
  retriedAt: string | null;
  attemptedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
};

/** ISO 8601 as the model's toJSON gives it; SQLite text is in Sequelize's 'YYYY-MM-DD HH:MM:SS.SSS +00:00'. */
function iso(value: Stamp): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (value.length === 30 && value.endsWith(' +00:00')) return `${value.slice(0, 10)}T${value.slice(11, 23)}Z`;
  return new Date(value).toISOString();
}

function presentRow(row: PaymentRow): PaymentListRow {
  return {
    ...row,
    amount: Number(row.amount),
    refundedAmount: Number(row.refundedAmount),
    nextRetryAt: iso(row.nextRetryAt),
    retriedAt: iso(row.retriedAt),
    attemptedAt: iso(row.attemptedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The page's rows as the response body: SQLite's JSON text as it is, PostgreSQL's rows normalised. */
async function pageJson(reader: Reader, dialect: Dialect, sql: string, params: SqlParam[]): Promise<{ json: string; count: number }> {
  if (dialect === 'sqlite') {
    const rows = await reader.select<{ json: string }>(sql, params);
    return { json: `[${rows.map((row) => row.json).join(',')}]`, count: rows.length };
  }
  const rows = (await reader.select<PaymentRow>(sql, params)).map(presentRow);
  return { json: JSON.stringify(rows), count: rows.length };
}

async function connection(): Promise<{ reader: Reader; dialect: Dialect }> {
  const sequelize = Payment.sequelize;
  if (!sequelize) throw new Error('models are not initialised');
  return { reader: await readerFor(sequelize), dialect: sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'postgres' };
}

/** The exact total: the trigger-maintained per-status counts when they can answer, COUNT(*) otherwise. */
async function total(reader: Reader, dialect: Dialect, filter: PaymentFilter): Promise<number> {
  const sql = new SqlBuilder(dialect);
  const text = countableByStatus(filter)
    ? `SELECT SUM(n) AS total FROM payment_counts p ${filter.status ? `WHERE ${sql.list('p.status', filter.status)}` : ''}`
    : `SELECT COUNT(*) AS total FROM payments p ${sql.where(filter)}`;
  const [row] = await reader.select<{ total: number | string | null }>(text, sql.params);
  return Number(row?.total ?? 0);
}

interface PageRequest {
  filter: PaymentFilter;
  field: string;
  direction: 'ASC' | 'DESC';
  start: number;
  limit: number;
}

function fetchPage(reader: Reader, dialect: Dialect, { filter, field, direction, start, limit }: PageRequest, scanSort: boolean) {
  const sql = new SqlBuilder(dialect);
  const where = sql.where(filter, scanSort);
  return pageJson(reader, dialect, pageSql(dialect, where, orderBy(field, direction), sql.param(limit), sql.param(start)), sql.params);
}

const pageEnd = (start: number, count: number) => (count ? start + count - 1 : start);

/**
 * GET /api/payments: raw SQL, because at a million rows Sequelize's findAndCountAll keeps the
 * join in its COUNT and builds a model per row; the JSON is the model's, plus customerEmail.
 */
export async function listPayments(query: ListQuery): Promise<JsonPage> {
  const { reader, dialect } = await connection();
  const [field, direction] = resolveSort(PAYMENTS_SPEC, query);
  const filter = parsePaymentFilter(query.filter);
  const [start, end] = query.range ?? [0, 24];
  const request: PageRequest = { filter, field, direction, start, limit: end - start + 1 };

  // PostgreSQL's planner has statistics to choose with; SQLite's is told, from the exact counts.
  if (dialect === 'sqlite' && mayScanSortIndex(filter, field)) {
    const [matches, all] = await Promise.all([total(reader, dialect, filter), total(reader, dialect, {})]);
    const { json, count } = await fetchPage(reader, dialect, request, scanIsCheaper(matches, all, start, request.limit));
    return { json, total: matches, start, end: pageEnd(start, count) };
  }
  if (countableByStatus(filter)) {
    // The maintained count costs next to nothing: fetched beside the page, on another connection.
    const [{ json, count }, matches] = await Promise.all([fetchPage(reader, dialect, request, false), total(reader, dialect, filter)]);
    return { json, total: matches, start, end: pageEnd(start, count) };
  }
  const { json, count } = await fetchPage(reader, dialect, request, false);
  // A short page that is not past the end already says how many rows there are.
  const known = count < request.limit && (count > 0 || start === 0);
  return { json, total: known ? start + count : await total(reader, dialect, filter), start, end: pageEnd(start, count) };
}

/** One payment in its list row's shape (with customerEmail), for GET /api/payments/:id. */
export async function showPayment(id: number): Promise<object | null> {
  const { reader, dialect } = await connection();
  const sql = new SqlBuilder(dialect);
  const where = sql.where({ id: [id] });
  const { json } = await pageJson(reader, dialect, pageSql(dialect, where, orderBy('id', 'ASC'), sql.param(1), sql.param(0)), sql.params);
  const [row]: unknown[] = JSON.parse(json);
  return typeof row === 'object' && row !== null ? row : null;
}
