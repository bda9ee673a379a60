import { Op, type Model, type ModelStatic, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { BadRequestError } from '../errors';
import type { ListQuery } from '../../shared/listQuery';
import { recordId } from '../../shared/ids';

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
    order: [[field, order], ['id', order]],
    offset: start,
    limit: end - start + 1,
  });
  return { rows, total: count, start, end: rows.length ? start + rows.length - 1 : start };
}
