import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { BadRequestError } from '../errors';
import type { ListQuery } from '../../shared/listQuery';
import { recordId } from '../../shared/ids';
import { readerFor, type Reader } from './readPool';
import { BoundValues, type SqlValue } from './sql';
import type { Dialect } from './sequelize';
import { scanIsCheaper } from './scanOrSort';
import { anchorCache, anchorSizes, nearestAnchor, stepFor, stepSql, type Anchors } from './listAnchors';
import { metaOf, pageRows, type SqlList } from './listRows';

/** What a resource exposes through the ra-data-simple-rest list protocol; everything else is a 400. */
export interface ListSpec {
  sortable: readonly string[];
  defaultSort: readonly [string, 'ASC' | 'DESC'];
  /** filter key → schema of one value; an array of values means "any of" */
  filters: Readonly<Record<string, z.ZodType>>;
  /** attributes that the `q` filter searches with a case-insensitive substring match */
  search?: readonly string[];
}

export interface Page<M> {
  rows: M[];
  total: number;
  start: number;
  end: number;
}

/** A page as the API sends it: the rows already serialised (the payments list has SQLite write them). */
export interface JsonPage {
  json: string;
  total: number;
  start: number;
  end: number;
}

const numericId = recordId();
const stringId = z.string().min(1).max(255);

/**
 * The most values one filter takes (react-admin's getMany asks for a page's worth of ids). Beyond
 * SQLite's 32,766 bound parameters a statement fails, so a longer list is the client's mistake.
 */
export const MAX_FILTER_VALUES = 1000;

/** One filter's value(s), each checked against its schema: a 400 naming the filter otherwise. */
export function parseFilterValues<T>(key: string, schema: z.ZodType<T>, raw: unknown): T[] {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length > MAX_FILTER_VALUES) throw new BadRequestError(`Invalid filter ${key}`, { [key]: `takes at most ${MAX_FILTER_VALUES} values` });
  return values.map((value) => {
    const result = schema.safeParse(value);
    if (!result.success) throw new BadRequestError(`Invalid filter ${key}`, { [key]: result.error.issues[0]?.message ?? 'is invalid' });
    return result.data;
  });
}

function filterValue(key: string, schema: z.ZodType, raw: unknown): unknown {
  const parsed = parseFilterValues(key, schema, raw);
  return Array.isArray(raw) ? { [Op.in]: parsed } : parsed[0];
}

/** The requested sort (or the default) when the field is whitelisted; a 400 otherwise. */
export function resolveSort(spec: ListSpec, query: ListQuery): readonly [string, 'ASC' | 'DESC'] {
  const sort = query.sort ?? spec.defaultSort;
  if (sort[0] !== 'id' && !spec.sortable.includes(sort[0])) {
    throw new BadRequestError(`Cannot sort by ${sort[0]}`, { sort: `must be one of ${['id', ...spec.sortable].join(', ')}` });
  }
  return sort;
}

/** SQLite's LIKE ignores ASCII case already; PostgreSQL's does not, ILIKE does. */
type Like = typeof Op.like | typeof Op.iLike;

function buildWhere(spec: ListSpec, filter: Record<string, unknown> = {}, stringIds = false, like: Like = Op.like): WhereOptions {
  const where: Record<string | symbol, unknown> = {};
  for (const [key, raw] of Object.entries(filter)) {
    if (key === 'q' && spec.search) {
      const text = z.string().max(200).safeParse(raw);
      if (!text.success) throw new BadRequestError('Invalid filter q', { q: 'must be text of at most 200 characters' });
      const pattern = `%${text.data.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where[Op.or] = spec.search.map((attribute) => ({ [attribute]: { [like]: pattern } }));
      continue;
    }
    // Own keys only: `constructor` or `toString` must not find Object.prototype's functions.
    const schema = key === 'id' ? (stringIds ? stringId : numericId) : Object.hasOwn(spec.filters, key) ? spec.filters[key] : undefined;
    if (!schema) throw new BadRequestError(`Unknown filter ${key}`, { [key]: 'cannot be filtered on' });
    where[key] = filterValue(key, schema, raw);
  }
  return where as WhereOptions;
}

export interface ListOptions {
  stringIds?: boolean;
  attributes?: string[];
}

export async function listPage<M extends Model>(model: ModelStatic<M>, spec: ListSpec, query: ListQuery, options: ListOptions = {}): Promise<Page<M>> {
  const [field, order] = resolveSort(spec, query);
  const [start, end] = query.range ?? [0, 24];
  const { rows, count } = await model.findAndCountAll({
    where: buildWhere(spec, query.filter, options.stringIds, model.sequelize?.getDialect() === 'postgres' ? Op.iLike : Op.like),
    attributes: options.attributes,
    order: [
      [field, order],
      ['id', order],
    ],
    offset: start,
    limit: end - start + 1,
  });
  return { rows, total: count, start, end: rows.length ? start + rows.length - 1 : start };
}

/*
 * Issue 17: the lists that reach a million rows (customers, subscriptions, webhook events,
 * notifications, the audit log) in raw SQL. findAndCountAll costs a COUNT(*) over the whole
 * match (tens of milliseconds at that size), reads every skipped row of a deep OFFSET in full,
 * and builds its models through Sequelize's query plumbing. Here instead:
 *  - the total comes from list_counts (migration 029) when every filter is on a counted
 *    dimension (status, type, template, plan, actor...), else from a COUNT(*) that an index
 *    narrows (the other filters are references and exact values: few rows);
 *  - the page's ids are picked by a subquery its (sort, id) index covers, so skipped rows are
 *    index entries, not table rows, and only the page's rows are read;
 *  - a page nearer the end is read backwards from the end (the exact total says where it is),
 *    so the last page costs what the first does;
 *  - the rows are serialised without building models, on SQLite by SQLite itself (listRows.ts):
 *    the JSON is exactly findAll's, byte for byte.
 * The `q` search (a substring in any of a few columns) stays exact and unindexed: its COUNT(*)
 * reads the whole table, so it is far from the others' pace at a million rows.
 * The total and the page are two statements, as findAndCountAll's were: a write between them can
 * shift a page, here from whichever end it is read.
 */

export type { SqlList } from './listRows';

interface Clause {
  attr: string;
  column: string;
  values: SqlValue[];
}

const quote = (name: string) => `"${name}"`;

function sqlValue(value: unknown, dialect: Dialect): SqlValue {
  if (typeof value === 'boolean') return dialect === 'sqlite' ? Number(value) : String(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new BadRequestError('Invalid filter', {});
}

/** The filter as clauses over columns, checked against the spec exactly as buildWhere does. */
function parseClauses(list: SqlList, spec: ListSpec, filter: Record<string, unknown>, dialect: Dialect): { clauses: Clause[]; search?: string } {
  const { columns } = metaOf(list);
  const clauses: Clause[] = [];
  let search: string | undefined;
  for (const [key, raw] of Object.entries(filter)) {
    if (key === 'q' && spec.search) {
      const text = z.string().max(200).safeParse(raw);
      if (!text.success) throw new BadRequestError('Invalid filter q', { q: 'must be text of at most 200 characters' });
      search = `%${text.data.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      continue;
    }
    const schema = key === 'id' ? (list.stringIds ? stringId : numericId) : Object.hasOwn(spec.filters, key) ? spec.filters[key] : undefined;
    if (!schema) throw new BadRequestError(`Unknown filter ${key}`, { [key]: 'cannot be filtered on' });
    const values = parseFilterValues(key, schema, raw).map((v) => sqlValue(v, dialect));
    clauses.push({ attr: key, column: columns.get(key) ?? key, values });
  }
  return { clauses, search };
}

/** `plus`: SQLite only, a unary + keeps its planner off that column's indexes. */
function whereSql(
  list: SqlList,
  clauses: Clause[],
  search: string | undefined,
  spec: ListSpec,
  params: BoundValues,
  plus: (c: Clause) => boolean,
  like: string,
): string {
  const { columns } = metaOf(list);
  const parts = clauses.map((c) => {
    const column = `${plus(c) ? '+' : ''}${quote(c.column)}`;
    return params.in(column, c.values);
  });
  if (search !== undefined) {
    // ESCAPE names the backslash that the pattern escapes % and _ with (SQLite has no default one).
    parts.push(`(${(spec.search ?? []).map((a) => `${quote(columns.get(a) ?? a)} ${like} ${params.add(search)} ESCAPE '\\'`).join(' OR ')})`);
  }
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

async function countFromDims(reader: Reader, list: SqlList, clauses: Clause[]): Promise<number> {
  const params = new BoundValues();
  const table = params.add(list.table);
  const where = clauses.map((c) => {
    const column = `d${list.dims.indexOf(c.attr) + 1}`;
    // The counter rows hold the dimensions as text: 5 is '5' there.
    return params.in(column, c.values.map(String));
  });
  const sql = `SELECT SUM(n) AS total FROM list_counts WHERE list = ${table}${where.map((w) => ` AND ${w}`).join('')}`;
  const [row] = await reader.select<{ total: number | string | null }>(sql, params.values);
  return Number(row?.total ?? 0);
}

export async function sqlListPage(list: SqlList, spec: ListSpec, query: ListQuery): Promise<JsonPage> {
  const sequelize = list.model.sequelize;
  if (!sequelize) throw new Error('models are not initialised');
  const dialect: Dialect = sequelize.getDialect() === 'postgres' ? 'postgres' : 'sqlite';
  const reader = await readerFor(sequelize);
  const [field, direction] = resolveSort(spec, query);
  const [start, end] = query.range ?? [0, 24];
  const { clauses, search } = parseClauses(list, spec, query.filter ?? {}, dialect);
  const { columns } = metaOf(list);
  const like = dialect === 'postgres' ? 'ILIKE' : 'LIKE';

  const dimsOnly = search === undefined && clauses.every((c) => list.dims.includes(c.attr));
  // Positions kept for this (filter, sort) answer any page from its nearest anchor (listAnchors.ts);
  // the matches without index hints both key them and are walked for them.
  const keyParams = new BoundValues();
  const matchAll = whereSql(list, clauses, search, spec, keyParams, () => false, like);
  const anchorKey = `${field}\u0000${matchAll}\u0000${JSON.stringify(keyParams.values)}`;
  const anchorable = sortsWithoutNulls(list, field);
  const cache = anchorCache(sequelize, list.table);
  // While its anchors are walked, a request for a page the plain query reads slowly waits for them:
  // under a burst of the same such page (an admin's refreshes, several admins) one walk is cheaper
  // than a plain read per request. A text search reads the whole table whatever the page (its count
  // too): the first request walks it at once and waits, and so do those that come meanwhile,
  // instead of each reading it alone. A page near the start of an unserved filter combination does
  // not wait: the plain query finds it along an index in a moment, while the walk may take seconds.
  if (anchorable && search !== undefined && !cache.get(anchorKey))
    cache.walk(anchorKey, reader, ...walkSql(list, dialect, field, matchAll, keyParams.values, null, false));
  const walking = anchorable && (search !== undefined || start >= anchorSizes.directOffset) ? cache.walking(anchorKey) : null;
  if (walking) await walking;
  const anchors = anchorable ? cache.get(anchorKey) : null;
  if (anchors) {
    const page = await anchoredPage({ list, reader, dialect, anchors, clauses, search, spec, like, field, direction, start, end });
    if (page) {
      cache.used(anchorKey);
      return page;
    }
    cache.stale(anchorKey, anchors);
  }

  // An index returns this filter's matches in this sort's order (or nothing filters them).
  const served =
    clauses.length === 0 ||
    (clauses.length === 1 && clauses[0]!.values.length === 1 && (clauses[0]!.attr === field || !!list.ordered?.[clauses[0]!.attr]?.includes(field)));

  let total: number;
  if (dimsOnly) total = await countFromDims(reader, list, clauses);
  else {
    const params = new BoundValues();
    // SQLite: counted by the reference's or exact value's index, not a broad dimension's.
    const where = whereSql(list, clauses, search, spec, params, (c) => dialect === 'sqlite' && list.dims.includes(c.attr), like);
    const [row] = await reader.select<{ total: number | string }>(`SELECT COUNT(*) AS total FROM ${quote(list.table)} ${where}`, params.values);
    total = Number(row?.total ?? 0);
  }
  if (start >= total) return { json: '[]', total, start, end: start };

  // The nearer end: rows [start, last] are rows [total-1-last, total-1-start] of the reverse order.
  const last = Math.min(end, total - 1);
  const limit = last - start + 1;
  const backwards = total - 1 - last < start;
  const offset = backwards ? total - 1 - last : start;
  const flip = (d: 'ASC' | 'DESC') => (backwards ? (d === 'ASC' ? 'DESC' : 'ASC') : d);

  // SQLite's planner has no statistics: it is told which index to walk. PostgreSQL's chooses.
  let plusFilters = false;
  let plusOrder = false;
  // The whole list's count, read once for this request when the choices below need it.
  let all: number | undefined;
  const countAll = async () => (all ??= await countFromDims(reader, list, []));
  if (dialect === 'sqlite' && clauses.length && search === undefined) {
    if (!dimsOnly) {
      // A reference or exact value (or ids): its own index finds few rows; sorting them is cheap.
      plusFilters = true;
      plusOrder = true;
    } else if (!served) {
      if (scanIsCheaper(total, await countAll(), offset, limit)) plusFilters = true;
      else plusOrder = true;
    }
  }
  // SQLite walks every match: through the filters' indexes and a sort when they are few, else along the sort's index.
  const byFilters = dialect === 'sqlite' && !served && search === undefined && (!dimsOnly || !scanIsCheaper(total, await countAll(), total, 0));
  // A page the indexes cannot reach directly (deep, or a text search): its anchors are walked for the next request.
  // Near either end of a filter combination no index orders, only when its matches are few (walked
  // through the filters' indexes and sorted): the plain query then reads some thousands of rows a
  // page (events status=failed & type=invoice.paid, 2,857 of 1,000,000: 386 pages a second without
  // anchors), and the walk a fraction of a second once. With many matches the walk reads the
  // whole sort index, seconds of a core at a million rows, and on the events list, which grows
  // with each delivery, its anchors go stale within moments: the plain query reads those pages
  // (50 clients on events type=invoice.paid: 0–992 pages a second while walks ran, 1,041–1,160 without).
  const fewUnordered = dimsOnly && byFilters;
  const costly = offset >= anchorSizes.directOffset || search !== undefined || fewUnordered;
  if (anchorable && costly) {
    cache.walk(anchorKey, reader, ...walkSql(list, dialect, field, matchAll, keyParams.values, stepFor(total), byFilters));
  }
  const plus = (c: Clause) => plusFilters && list.dims.includes(c.attr);
  const params = new BoundValues();
  const where = whereSql(list, clauses, search, spec, params, plus, like);
  const sortColumns = [...(field === 'id' ? [] : [columns.get(field) ?? field]), 'id'].map(quote);
  const order = (d: 'ASC' | 'DESC', p: string) => sortColumns.map((c) => `${p}${c} ${d}`).join(', ');
  const inner = `SELECT "id" FROM ${quote(list.table)} ${where} ORDER BY ${order(flip(direction), plusOrder ? '+' : '')} LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`;
  const shown = pageRows(list, dialect);
  // CROSS JOIN: SQLite then loops over the page's ids first. With `id IN (...)` it walked the sort
  // index over the whole table instead, probing each row against the page (its ORDER BY is that index's).
  const sql = `SELECT ${shown.select} FROM (${inner}) k CROSS JOIN ${quote(list.table)} t WHERE t."id" = k."id" ORDER BY ${order(direction, 't.')}`;
  const rows = await reader.select<Record<string, unknown>>(sql, params.values);
  return { json: shown.json(rows), total, start, end: rows.length ? start + rows.length - 1 : start };
}

/**
 * Whether the sort column never holds NULL: the keyset condition `(sort, id) >= anchor` is then
 * exact in both dialects (they put NULLs at opposite ends, and a NULL compares as unknown).
 */
function sortsWithoutNulls(list: SqlList, field: string): boolean {
  if (field === 'id') return true;
  // Sequelize's own timestamps say nothing of NULL on the model; the migrations make them NOT NULL.
  const { timestamps, createdAt, updatedAt } = list.model.options;
  if (timestamps !== false && (field === (createdAt || 'createdAt') || field === (updatedAt || 'updatedAt'))) return true;
  const attribute = list.model.getAttributes()[field];
  return !!attribute && attribute.allowNull === false;
}

const versionOf = (table: string) => `(SELECT SUM(n) FROM list_changes WHERE list = '${table}')`;

/**
 * One statement: the list's change counter and the key of every step-th match in ascending
 * order, plus the last match (its position is the count; `step` null: chosen from a count). `byFilters`: SQLite is told to take
 * the filters' indexes and sort the matches rather than walk the sort's index over every row.
 */
function walkSql(
  list: SqlList,
  dialect: Dialect,
  field: string,
  where: string,
  whereParams: readonly SqlValue[],
  step: number | null,
  byFilters: boolean,
): [sql: string, params: SqlValue[]] {
  const { columns } = metaOf(list);
  const sortColumn = field === 'id' ? null : quote(columns.get(field) ?? field);
  const plus = byFilters ? '+' : '';
  const order = [...(sortColumn ? [sortColumn] : []), '"id"'].map((c) => `${plus}${c}`).join(', ');
  const ordered = `SELECT ${sortColumn ?? 'NULL'} AS s, "id" AS i FROM ${quote(list.table)} ${where} ORDER BY ${order}`;
  // SQLite numbers the rows in the order the subquery gives them; PostgreSQL is told the order.
  const over = dialect === 'sqlite' ? 'OVER ()' : 'OVER (ORDER BY s, i)';
  const numbered = `SELECT s, i, row_number() ${over} - 1 AS r, lead(i) ${over} IS NULL AS l FROM (${ordered}) o`;
  // No count known yet (the text search): the step is chosen from a count of the same matches.
  // With the count, `where` is in the text twice, and so are its values.
  const [keys, params] =
    step !== null
      ? [`SELECT ${step} AS st, s, i, r, l FROM (${numbered}) n WHERE r % ${step} = 0 OR l`, [...whereParams]]
      : [
          `SELECT c.st AS st, s, i, r, l FROM (${numbered}) n CROSS JOIN (SELECT ${stepSql('COUNT(*)')} AS st FROM ${quote(list.table)} ${where}) c WHERE r % c.st = 0 OR l`,
          [...whereParams, ...whereParams],
        ];
  // The counter comes back even when nothing matches: a row of NULL keys says "no match at this counter".
  return [`SELECT c.v AS v, k.st, k.s, k.i, k.r, k.l FROM (SELECT ${versionOf(list.table)} AS v) c LEFT JOIN (${keys}) k ON 1 = 1 ORDER BY k.r`, params];
}

interface AnchoredRequest {
  list: SqlList;
  reader: Reader;
  dialect: Dialect;
  anchors: Anchors;
  clauses: Clause[];
  search: string | undefined;
  spec: ListSpec;
  like: string;
  field: string;
  direction: 'ASC' | 'DESC';
  start: number;
  end: number;
}

/**
 * A page read from anchors, or null when the list changed since they were walked (the counter the
 * page's own statement reads is another): the plain query then answers.
 */
async function anchoredPage(r: AnchoredRequest): Promise<JsonPage | null> {
  const { list, reader, dialect, anchors, direction, start, end } = r;
  const { columns } = metaOf(list);
  const { total } = anchors;
  if (start >= total) {
    const [row] = await reader.select<{ v: number | string | null }>(`SELECT ${versionOf(list.table)} AS v`, []);
    return String(row?.v ?? 0) === anchors.version ? { json: '[]', total, start, end: start } : null;
  }
  const last = Math.min(end, total - 1);
  const count = last - start + 1;
  const from = direction === 'ASC' ? start : total - 1 - last;
  const sortColumns = [...(r.field === 'id' ? [] : [columns.get(r.field) ?? r.field]), 'id'].map(quote);
  const order = sortColumns.map((c) => `t.${c} ${direction}`).join(', ');
  const shown = pageRows(list, dialect);
  const params = new BoundValues();
  let sql: string;
  if (anchors.step === 1) {
    const ids = anchors.keys.slice(from, from + count).map((k) => params.add(k[1]));
    sql = `SELECT ${versionOf(list.table)} AS "_v", ${shown.select} FROM ${quote(list.table)} t WHERE t."id" IN (${ids.join(', ')}) ORDER BY ${order}`;
  } else {
    const { key, skip } = nearestAnchor(anchors, from);
    // SQLite walks the sort index from the anchor, checking the filters on its way (+: not their indexes).
    const where = whereSql(list, r.clauses, r.search, r.spec, params, () => dialect === 'sqlite', r.like);
    const after = sortColumns.length === 2 ? `(${sortColumns[0]}, "id") >= (${params.add(key[0]!)}, ${params.add(key[1])})` : `"id" >= ${params.add(key[1])}`;
    const inner = `SELECT "id" FROM ${quote(list.table)} ${where ? `${where} AND` : 'WHERE'} ${after} ORDER BY ${sortColumns.map((c) => `${c} ASC`).join(', ')} LIMIT ${count} OFFSET ${skip}`;
    sql = `SELECT ${versionOf(list.table)} AS "_v", ${shown.select} FROM (${inner}) k CROSS JOIN ${quote(list.table)} t WHERE t."id" = k."id" ORDER BY ${order}`;
  }
  const rows = await reader.select<Record<string, unknown>>(sql, params.values);
  if (rows.length !== count || String(rows[0]!._v ?? 0) !== anchors.version) return null;
  for (const row of rows) delete row._v;
  return { json: shown.json(rows), total, start, end: start + count - 1 };
}
