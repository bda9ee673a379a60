import { sqliteDateJson } from '../db/sqliteRaw';
import { z } from 'zod';
import { parseFilterValues, resolveSort, type JsonPage, type ListSpec } from '../db/list';
import { Invoice } from '../db/models';
import { readerFor, type Reader } from '../db/readPool';
import type { Dialect } from '../db/sequelize';
import { BadRequestError } from '../errors';
import type { ListQuery } from '../../shared/listQuery';
import { recordId } from '../../shared/ids';
import { idListCache, idsMatch, idsParam, idsSql, sliceIds, versionSql } from './paymentsPages';
import { SqlBuilder } from './paymentsSql';

const fk = recordId();
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

/** The invoices list's whitelist (as the generic list had it: same sorts, filters and search). */
export const INVOICES_SPEC: ListSpec = {
  sortable: ['createdAt', 'amountDue', 'status', 'periodEnd'],
  defaultSort: ['createdAt', 'DESC'],
  filters: { status: z.enum(INVOICE_STATUSES), customerId: fk, subscriptionId: fk },
  search: ['number', 'stripeInvoiceId'],
};

/**
 * Sort field → column; id breaks ties (the generic list's `[[field, order], ['id', order]]`).
 * Migration 028 indexes each, so reading a list's ids is an index walk, not a sort.
 */
const ORDER: Record<string, string[]> = {
  id: [],
  createdAt: ['i.created_at'],
  amountDue: ['i.amount_due'],
  status: ['i.status'],
  periodEnd: ['i.period_end'],
};

const FIELDS: [string, string][] = [
  ['id', 'i.id'],
  ['customerId', 'i.customer_id'],
  ['subscriptionId', 'i.subscription_id'],
  ['stripeInvoiceId', 'i.stripe_invoice_id'],
  ['number', 'i.number'],
  ['status', 'i.status'],
  ['currency', 'i.currency'],
  ['amountDue', 'i.amount_due'],
  ['amountPaid', 'i.amount_paid'],
  ['amountRemaining', 'i.amount_remaining'],
  ['attemptCount', 'i.attempt_count'],
  ['nextPaymentAttempt', 'i.next_payment_attempt'],
  ['billingReason', 'i.billing_reason'],
  ['hostedInvoiceUrl', 'i.hosted_invoice_url'],
  ['periodStart', 'i.period_start'],
  ['periodEnd', 'i.period_end'],
  ['stripePaymentIntentId', 'i.stripe_payment_intent_id'],
  ['stripeChargeId', 'i.stripe_charge_id'],
  ['lastEventAt', 'i.last_event_at'],
  ['createdAt', 'i.created_at'],
  ['updatedAt', 'i.updated_at'],
];
const DATES = new Set(['nextPaymentAttempt', 'periodStart', 'periodEnd', 'createdAt', 'updatedAt']);
const BIGINTS = new Set(['amountDue', 'amountPaid', 'amountRemaining', 'lastEventAt']);
const COLUMNS = FIELDS.map(([name, column]) => `${column} AS "${name}"`).join(', ');
/** SQLite writes each row's JSON itself (as the payments list does), dates in ISO 8601 as toJSON gives them. */
const JSON_ROW = `json_object(${FIELDS.map(([name, column]) => `'${name}', ${DATES.has(name) ? sqliteDateJson(column) : column}`).join(', ')}) AS json`;

type Row = Record<string, unknown>;

/** A PostgreSQL row as the model's toJSON gives it: BIGINTs as numbers, dates in ISO 8601. */
function present(row: Row): string {
  const out: Row = {};
  for (const [name] of FIELDS) {
    const value = row[name];
    if (BIGINTS.has(name)) out[name] = Number(value ?? 0);
    else if (DATES.has(name)) out[name] = value === null || value === undefined ? null : new Date(value as string | Date).toISOString();
    else out[name] = value;
  }
  return JSON.stringify(out);
}

export interface InvoiceFilter {
  id?: number[];
  status?: string[];
  customerId?: number[];
  subscriptionId?: number[];
  /** the `q` search: a LIKE pattern over the number and the Stripe id */
  pattern?: string;
}

/** The `filter` of a list request, checked against the whitelist exactly as the generic list does. */
export function parseInvoiceFilter(filter: Record<string, unknown> = {}): InvoiceFilter {
  const parsed: InvoiceFilter = {};
  for (const [key, raw] of Object.entries(filter)) {
    if (key === 'q') {
      const text = z.string().max(200).safeParse(raw);
      if (!text.success) throw new BadRequestError('Invalid filter q', { q: 'must be text of at most 200 characters' });
      parsed.pattern = `%${text.data.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    } else if (key === 'id' || key === 'customerId' || key === 'subscriptionId') parsed[key] = parseFilterValues(key, fk, raw);
    else if (key === 'status') parsed.status = parseFilterValues(key, INVOICES_SPEC.filters.status!, raw) as string[];
    else throw new BadRequestError(`Unknown filter ${key}`, { [key]: 'cannot be filtered on' });
  }
  return parsed;
}

/** WHERE for a filter; the search is LIKE on SQLite (ASCII case-insensitive) and ILIKE on PostgreSQL, as in the generic list. */
function where(sql: SqlBuilder, dialect: Dialect, filter: InvoiceFilter): string {
  const clauses: string[] = [];
  if (filter.id) clauses.push(sql.in('i.id', filter.id));
  if (filter.status) clauses.push(sql.in('i.status', filter.status));
  if (filter.customerId) clauses.push(sql.in('i.customer_id', filter.customerId));
  if (filter.subscriptionId) clauses.push(sql.in('i.subscription_id', filter.subscriptionId));
  if (filter.pattern !== undefined) {
    const like = dialect === 'sqlite' ? 'LIKE' : 'ILIKE';
    clauses.push(`(i.number ${like} ${sql.param(filter.pattern)} OR i.stripe_invoice_id ${like} ${sql.param(filter.pattern)})`);
  }
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

const sortColumns = (field: string, direction: 'ASC' | 'DESC') => [...(ORDER[field] ?? []), 'i.id'].map((c) => `${c} ${direction}`).join(', ');
const pageEnd = (start: number, count: number) => (count ? start + count - 1 : start);

async function connection(): Promise<{ reader: Reader; dialect: Dialect; database: object }> {
  const sequelize = Invoice.sequelize;
  if (!sequelize) throw new Error('models are not initialised');
  return { reader: await readerFor(sequelize), dialect: sequelize.getDialect() === 'sqlite' ? 'sqlite' : 'postgres', database: sequelize };
}

const serialise = (dialect: Dialect, row: Row) => (dialect === 'sqlite' ? (row.json as string) : present(row));

interface PageRequest {
  filter: InvoiceFilter;
  field: string;
  direction: 'ASC' | 'DESC';
  start: number;
  limit: number;
}

/** The plain query: the page and COUNT(*), as the generic list ran them. */
async function plainPage(reader: Reader, dialect: Dialect, { filter, field, direction, start, limit }: PageRequest): Promise<JsonPage> {
  const page = new SqlBuilder(dialect);
  const pageWhere = where(page, dialect, filter);
  const pageSql = `SELECT ${dialect === 'sqlite' ? JSON_ROW : COLUMNS} FROM invoices i ${pageWhere} ORDER BY ${sortColumns(field, direction)}
    LIMIT ${page.param(limit)} OFFSET ${page.param(start)}`;
  const count = new SqlBuilder(dialect);
  const countSql = `SELECT COUNT(*) AS total FROM invoices i ${where(count, dialect, filter)}`;
  const [found, [counted]] = await Promise.all([reader.select<Row>(pageSql, page.values), reader.select<Row>(countSql, count.values)]);
  const json = `[${found.map((row) => serialise(dialect, row)).join(',')}]`;
  return { json, total: Number(counted?.total ?? 0), start, end: pageEnd(start, found.length) };
}

/**
 * Every other shape from the cached ids of the (filter, sort) (paymentsPages.ts: read once per
 * change of the invoices, checked against the change counter on the page's own snapshot).
 */
async function cachedPage(reader: Reader, dialect: Dialect, database: object, request: PageRequest): Promise<JsonPage | null> {
  const { filter, field, direction, start, limit } = request;
  const key = JSON.stringify([field, Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : 1))]);
  const sql = new SqlBuilder(dialect);
  const match = `FROM invoices i ${where(sql, dialect, filter)}`;
  const cache = idListCache(database, 'invoices');
  const list = await cache.get(key, reader, idsSql(dialect, 'invoices', 'i.id', match, sortColumns(field, 'ASC')), sql.values);
  if (!list) return null;
  const ids = sliceIds(list, direction, start, limit);
  const found = await reader.select<Row>(
    `SELECT v.v AS "_v", r.* FROM (${versionSql('invoices')}) v LEFT JOIN (SELECT ${dialect === 'sqlite' ? `i.id AS id, ${JSON_ROW}` : COLUMNS}
      FROM invoices i WHERE ${idsMatch(dialect, 'i.id', '?')}) r ON 1 = 1`,
    [idsParam(dialect, ids)],
  );
  const byId = new Map<number, string>();
  for (const row of found) if (row.id !== null && row.id !== undefined) byId.set(Number(row.id), serialise(dialect, row));
  if (String(found[0]?._v ?? 0) !== list.version || byId.size !== ids.length) {
    cache.stale(key, list);
    return null;
  }
  cache.used(key);
  return { json: `[${ids.map((id) => byId.get(id)).join(',')}]`, total: list.ids.length, start, end: pageEnd(start, ids.length) };
}

/**
 * GET /api/invoices (issue 17): 800,000 invoices are a million-row list too. Raw SQL like the
 * payments list, and every shape (sorts, filters, search, deep and last pages) from cached ids,
 * with the rows and Content-Range of the plain query; an id filter (react-admin's getMany) and
 * lists being re-read after a change are answered by the plain query.
 */
export async function listInvoices(query: ListQuery): Promise<JsonPage> {
  const { reader, dialect, database } = await connection();
  const [field, direction] = resolveSort(INVOICES_SPEC, query);
  const filter = parseInvoiceFilter(query.filter);
  const [start, end] = query.range ?? [0, 24];
  const request: PageRequest = { filter, field, direction, start, limit: end - start + 1 };
  if (!filter.id) {
    const page = await cachedPage(reader, dialect, database, request);
    if (page) return page;
  }
  return plainPage(reader, dialect, request);
}
