import { resolveSort, type JsonPage } from '../db/list';
import { Payment } from '../db/models';
import { readerFor, type Reader } from '../db/readPool';
import type { SqlValue } from '../db/sql';
import type { Dialect } from '../db/sequelize';
import type { ListQuery } from '../../shared/listQuery';
import { countableByStatus, parsePaymentFilter, PAYMENTS_SPEC, type PaymentFilter } from './paymentsFilter';
import { mayScanSortIndex, scanIsCheaper } from './paymentsPlan';
import { idListCache, idsParam, idsSql, sliceIds } from './paymentsPages';
import { orderBy, pageSql, rowsByIdsSql, sortColumns, SqlBuilder } from './paymentsSql';

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

/** The page's rows, each serialised: SQLite's JSON text as it is, PostgreSQL's rows normalised. */
async function pageRows(reader: Reader, dialect: Dialect, sql: string, params: SqlValue[]): Promise<string[]> {
  if (dialect === 'sqlite') return (await reader.select<{ json: string }>(sql, params)).map((row) => row.json);
  return (await reader.select<PaymentRow>(sql, params)).map((row) => JSON.stringify(presentRow(row)));
}

async function pageJson(reader: Reader, dialect: Dialect, sql: string, params: SqlValue[]): Promise<{ json: string; count: number }> {
  const rows = await pageRows(reader, dialect, sql, params);
  return { json: `[${rows.join(',')}]`, count: rows.length };
}

async function connection(): Promise<{ reader: Reader; dialect: Dialect; database: object }> {
  const sequelize = Payment.sequelize;
  if (!sequelize) throw new Error('models are not initialised');
  return { reader: await readerFor(sequelize), dialect: sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'postgres', database: sequelize };
}

/** The exact total: the trigger-maintained per-status counts when they can answer, COUNT(*) otherwise. */
async function total(reader: Reader, dialect: Dialect, filter: PaymentFilter): Promise<number> {
  const sql = new SqlBuilder(dialect);
  const text = countableByStatus(filter)
    ? `SELECT SUM(n) AS total FROM payment_counts p ${filter.status ? `WHERE ${sql.in('p.status', filter.status)}` : ''}`
    : `SELECT COUNT(*) AS total FROM payments p ${sql.where(filter)}`;
  const [row] = await reader.select<{ total: number | string | null }>(text, sql.values);
  return Number(row?.total ?? 0);
}

interface PageRequest {
  filter: PaymentFilter;
  field: string;
  direction: 'ASC' | 'DESC';
  start: number;
  limit: number;
}

function fetchRows(reader: Reader, dialect: Dialect, { filter, field, direction, start, limit }: PageRequest, scanSort: boolean) {
  const sql = new SqlBuilder(dialect);
  const where = sql.where(filter, scanSort);
  return pageRows(reader, dialect, pageSql(dialect, where, orderBy(field, direction), sql.param(limit), sql.param(start)), sql.values);
}

async function fetchPage(reader: Reader, dialect: Dialect, request: PageRequest, scanSort: boolean) {
  const rows = await fetchRows(reader, dialect, request, scanSort);
  return { json: `[${rows.join(',')}]`, count: rows.length };
}

const pageEnd = (start: number, count: number) => (count ? start + count - 1 : start);
const flip = (direction: 'ASC' | 'DESC') => (direction === 'ASC' ? 'DESC' : 'ASC');

/**
 * Pages this near either end of an index-served list are read straight from the index (an
 * OFFSET of up to this many index entries costs well under a millisecond); deeper ones come
 * from the cached ids (paymentsPages.ts).
 */
const DIRECT_WINDOW = 1_000;

/**
 * No filter, or one status, sorted by any field: an index yields the rows in order (migrations
 * 003 and 028: (created_at|attempted_at|amount, id), (status, created_at|attempted_at|amount, id))
 * and payment_counts the total, so neither the page nor the total depends on the list's size.
 */
function indexServed(filter: PaymentFilter, field: string): boolean {
  if (!countableByStatus(filter)) return false;
  if (!filter.status) return true;
  return filter.status.length === 1 && field !== 'id';
}

/**
 * A page near the end is read from the end: the last page of a million rows is the first page
 * of the reversed order (ORDER BY f DESC, id DESC is exactly the reverse of f ASC, id ASC), so
 * its OFFSET is small too; the rows are turned back before they are sent.
 */
async function directPage(reader: Reader, dialect: Dialect, request: PageRequest, matches: number): Promise<JsonPage | null> {
  const { start, limit } = request;
  const last = Math.min(start + limit - 1, matches - 1);
  if (start > last) return { json: '[]', total: matches, start, end: start };
  const fromEnd = matches - 1 - last;
  if (Math.min(start, fromEnd) > DIRECT_WINDOW) return null;
  const rows =
    start <= fromEnd
      ? await fetchRows(reader, dialect, request, false)
      : (await fetchRows(reader, dialect, { ...request, direction: flip(request.direction), start: fromEnd, limit: last - start + 1 }, false)).reverse();
  return { json: `[${rows.join(',')}]`, total: matches, start, end: pageEnd(start, rows.length) };
}

/** The cache key of a filter and sort field (both directions share the ascending ids). */
function cacheKey(filter: PaymentFilter, field: string): string {
  const entries = Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([field, entries]);
}

/** What the version row carries: the change counter, and (LEFT JOINed) a payment or nothing. */
type Versioned<T> = { _v: number | string | null } & (T | { id: null });

/**
 * The page's payments by id, each as its JSON, with the change counter read on the same snapshot:
 * SQLite writes the JSON itself, PostgreSQL's columns are presented here.
 */
async function rowsByIds(reader: Reader, dialect: Dialect, ids: number[]): Promise<{ _v: number | string | null; id: number | null; json: string }[]> {
  const sql = rowsByIdsSql(dialect, '?');
  if (dialect === 'sqlite') {
    const rows = await reader.select<Versioned<{ id: number; json: string }>>(sql, [idsParam(dialect, ids)]);
    return rows.map((row) => (row.id === null ? { _v: row._v, id: null, json: '' } : { _v: row._v, id: Number(row.id), json: row.json }));
  }
  const rows = await reader.select<Versioned<PaymentRow>>(sql, [idsParam(dialect, ids)]);
  return rows.map((row) => {
    if (row.id === null) return { _v: row._v, id: null, json: '' };
    const { _v, ...payment } = row;
    return { _v, id: Number(payment.id), json: JSON.stringify(presentRow(payment)) };
  });
}

/**
 * Any other shape: the ids of every match, in order, read once per change of the payments
 * (paymentsPages.ts), sliced for the page; the rows are read by id on the same snapshot as the
 * change counter, so they are used only when the ids are still current. Null: answer plainly.
 */
async function cachedPage(reader: Reader, dialect: Dialect, database: object, request: PageRequest): Promise<JsonPage | null> {
  const { filter, field, direction, start, limit } = request;
  const key = cacheKey(filter, field);
  const sql = new SqlBuilder(dialect);
  const where = sql.where(filter);
  const cache = idListCache(database, 'payments');
  const list = await cache.get(key, reader, idsSql(dialect, 'payments', 'p.id', `FROM payments p ${where}`, sortColumns(field, 'ASC')), sql.values);
  if (!list) return null;
  const ids = sliceIds(list, direction, start, limit);
  const found = await rowsByIds(reader, dialect, ids);
  const byId = new Map(found.flatMap((row) => (row.id === null ? [] : [[row.id, row.json] as const])));
  if (String(found[0]?._v ?? 0) !== list.version || byId.size !== ids.length) {
    cache.stale(key, list);
    return null;
  }
  cache.used(key);
  return { json: `[${ids.map((id) => byId.get(id)).join(',')}]`, total: list.ids.length, start, end: pageEnd(start, ids.length) };
}

/** The plain query: the page with SQLite's plan hints, and COUNT(*) when nothing cheaper knows the total. */
async function plainPage(reader: Reader, dialect: Dialect, request: PageRequest): Promise<JsonPage> {
  const { filter, field, start } = request;
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

/**
 * GET /api/payments: raw SQL, because at a million rows Sequelize's findAndCountAll keeps the
 * join in its COUNT and builds a model per row; the JSON is the model's, plus customerEmail.
 * Every shape (issue 17): index-served lists near either end straight from the index, everything
 * else (other filters, other sorts, deep pages) from the cached ids, the plain query when those
 * are being re-read after a change. Each gives the rows and total of the plain query.
 */
export async function listPayments(query: ListQuery): Promise<JsonPage> {
  const { reader, dialect, database } = await connection();
  const [field, direction] = resolveSort(PAYMENTS_SPEC, query);
  const filter = parsePaymentFilter(query.filter);
  const [start, end] = query.range ?? [0, 24];
  const request: PageRequest = { filter, field, direction, start, limit: end - start + 1 };

  if (indexServed(filter, field)) {
    if (start <= DIRECT_WINDOW) {
      // A page near the start needs no total to be read: both at once, on two connections.
      const [rows, matches] = await Promise.all([fetchRows(reader, dialect, request, false), total(reader, dialect, filter)]);
      return { json: `[${rows.join(',')}]`, total: matches, start, end: pageEnd(start, rows.length) };
    }
    const page = await directPage(reader, dialect, request, await total(reader, dialect, filter));
    if (page) return page;
  }
  // An id filter (react-admin's getMany) is primary-key lookups already, and keyed by ids: not cached.
  if (!filter.id) {
    const page = await cachedPage(reader, dialect, database, request);
    if (page) return page;
  }
  return plainPage(reader, dialect, request);
}

/** One payment in its list row's shape (with customerEmail), for GET /api/payments/:id. */
export async function showPayment(id: number): Promise<object | null> {
  const { reader, dialect } = await connection();
  const sql = new SqlBuilder(dialect);
  const where = sql.where({ id: [id] });
  const { json } = await pageJson(reader, dialect, pageSql(dialect, where, orderBy('id', 'ASC'), sql.param(1), sql.param(0)), sql.values);
  const [row]: unknown[] = JSON.parse(json);
  return typeof row === 'object' && row !== null ? row : null;
}
