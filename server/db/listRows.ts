import type { BuildOptions, Model, ModelStatic } from 'sequelize';
import type { Dialect } from './sequelize';
import { getterSql } from './models/getterSql';
import { sqliteDateJson } from './sqliteRaw';

/*
 * A page's rows as the API sends them, exactly as findAll's models would serialise (the
 * list-shapes tests compare the two byte for byte), without building the models: building 25
 * costs more than the rest of the page. On SQLite, SQLite itself writes each row's JSON when it
 * can write every value the model shows (each getter has its SQL, models/getterSql.ts): the driver
 * then hands over one string a row instead of building an object of 20-odd properties, which was
 * most of a page's cost. Otherwise the rows come as columns and are serialised here.
 */

/** A list served by sqlListPage. */
export interface SqlList {
  /** the table, also the list's name in list_counts */
  table: string;
  model: ModelStatic<Model>;
  /** what a row shows when it is less than the model (virtual attributes are computed by it) */
  attributes?: readonly string[];
  /** the filters counted per value in list_counts, in its d1, d2... order */
  dims: readonly string[];
  /** filter → sorts that an index (filter, sort, id) returns in order for one value of it */
  ordered?: Readonly<Record<string, readonly string[]>>;
  stringIds?: boolean;
}

interface Meta {
  columns: Map<string, string>;
  dates: Set<string>;
  booleans: Set<string>;
  /** each attribute's Sequelize type key: STRING, INTEGER, DATE... */
  kinds: Map<string, string>;
  /** the attributes selected, in the model's order, and the ones bulkBuild is told (virtuals too) */
  selected: string[];
  built: string[];
}

const metas = new WeakMap<SqlList, Meta>();

export function metaOf(list: SqlList): Meta {
  let meta = metas.get(list);
  if (meta) return meta;
  const attributes = list.model.getAttributes();
  const columns = new Map<string, string>();
  const dates = new Set<string>();
  const booleans = new Set<string>();
  const kinds = new Map<string, string>();
  const real: string[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    const key = (attribute.type as { key?: string }).key;
    kinds.set(name, key ?? '');
    if (key === 'VIRTUAL') continue;
    real.push(name);
    columns.set(name, attribute.field ?? name);
    if (key === 'DATE') dates.add(name);
    if (key === 'BOOLEAN') booleans.add(name);
  }
  const built = list.attributes ? [...list.attributes] : Object.keys(attributes);
  meta = { columns, dates, booleans, kinds, selected: list.attributes ? [...list.attributes] : real, built };
  metas.set(list, meta);
  return meta;
}

/** Sequelize's SQLite date text ('YYYY-MM-DD HH:MM:SS.SSS +00:00') or the driver's Date. */
function toDate(value: unknown): unknown {
  if (value === null || value instanceof Date) return value;
  const text = String(value);
  if (text.length === 30 && text.endsWith(' +00:00')) return new Date(`${text.slice(0, 10)}T${text.slice(11, 23)}Z`);
  return new Date(text);
}

type Getter = (this: { getDataValue(key: string): unknown }) => unknown;

interface Presenter {
  /** the keys of the model's toJSON, in its order: custom getters first, then the other values */
  keys: string[];
  getters: Map<string, Getter>;
}

const presenters = new WeakMap<SqlList, Presenter>();

/**
 * Learnt once from a row of NULLs that the model builds, shaped as a page's rows are (its selected
 * columns): what toJSON shows, in which order, through which getters.
 */
function presenterOf(list: SqlList): Presenter {
  let presenter = presenters.get(list);
  if (presenter) return presenter;
  const { selected, built } = metaOf(list);
  const sample = Object.fromEntries(selected.map((name) => [name, null]));
  const options = { raw: true, isNewRecord: false, attributes: built } as BuildOptions;
  const keys = Object.keys(list.model.build(sample as never, options).toJSON() as object);
  const getters = new Map<string, Getter>();
  for (const [name, attribute] of Object.entries(list.model.getAttributes())) if (attribute.get) getters.set(name, attribute.get as Getter);
  presenter = { keys, getters };
  presenters.set(list, presenter);
  return presenter;
}

/**
 * What JSON.stringify writes for toDate's value, without building the Date for Sequelize's own
 * text: a page of subscriptions holds eight dates a row, and a Date each was a tenth of its CPU.
 */
function dateJson(value: unknown): unknown {
  if (typeof value === 'string' && value.length === 30 && value.endsWith(' +00:00')) return `${value.slice(0, 10)}T${value.slice(11, 23)}Z`;
  return toDate(value);
}

/**
 * The rows as findAll's models would serialise (the test compares the two byte for byte), built
 * without them: building 25 models costs more than the rest of the page (~1.4 ms against ~0.3 ms
 * for the SQL). Values are parsed as Sequelize's dialect parses them (dates, booleans); the
 * model's own getters (BIGINT as numbers, JSON columns, virtual fields) run on them, and read
 * dates as Dates, as on a model.
 */
function rowsJson(list: SqlList, rows: Record<string, unknown>[]): string {
  if (!rows.length) return '[]';
  const { dates, booleans } = metaOf(list);
  for (const row of rows) {
    for (const name of booleans) if (name in row && row[name] !== null) row[name] = Boolean(row[name]);
  }
  const { keys, getters } = presenterOf(list);
  return JSON.stringify(
    rows.map((row) => {
      const values = { getDataValue: (key: string) => (dates.has(key) && key in row ? toDate(row[key]) : row[key]) };
      const shown: Record<string, unknown> = {};
      for (const key of keys) {
        const get = getters.get(key);
        // Every key without a getter is a selected column: the row has it.
        shown[key] = get ? get.call(values) : dates.has(key) ? dateJson(row[key]) : row[key];
      }
      return shown;
    }),
  );
}

/** SQLite's JSON for what is shown under `key` with no getter of its own; null when SQLite would write it otherwise than JSON.stringify. */
function plainSql(meta: Meta, key: string, column: string): string | null {
  if (meta.dates.has(key)) return sqliteDateJson(column);
  if (meta.booleans.has(key)) return `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN json('true') ELSE json('false') END`;
  // SQLite writes a REAL with up to 15 significant digits, JavaScript with as many as it takes.
  return ['INTEGER', 'BIGINT', 'STRING', 'TEXT', 'CHAR', 'UUID', 'ENUM'].includes(meta.kinds.get(key) ?? '') ? column : null;
}

const rowSqls = new WeakMap<SqlList, string | null>();

/**
 * One row's JSON as a SQLite expression over the table aliased `t`, its keys in toJSON's order;
 * null when some value shown has no SQL form (its getter has none, or reads a column not selected).
 */
function jsonRowSql(list: SqlList): string | null {
  if (rowSqls.has(list)) return rowSqls.get(list)!;
  const meta = metaOf(list);
  const { keys, getters } = presenterOf(list);
  let known = true;
  const column = (attribute: string) => {
    if (!meta.selected.includes(attribute)) known = false;
    return `t."${meta.columns.get(attribute) ?? attribute}"`;
  };
  const parts: string[] = [];
  for (const key of keys) {
    const get = getters.get(key);
    const sqlOfGetter = get && getterSql(get);
    const value = get ? (sqlOfGetter ? sqlOfGetter(column) : null) : plainSql(meta, key, column(key));
    if (value === null || !/^\w+$/.test(key)) {
      known = false;
      break;
    }
    parts.push(`'${key}', ${value}`);
  }
  const sql = known ? `json_object(${parts.join(', ')})` : null;
  rowSqls.set(list, sql);
  return sql;
}

/** How a page's rows are selected (from the table aliased `t`) and then written as the API's JSON array. */
export interface PageRows {
  select: string;
  json(rows: Record<string, unknown>[]): string;
}

export function pageRows(list: SqlList, dialect: Dialect): PageRows {
  const rowSql = dialect === 'sqlite' ? jsonRowSql(list) : null;
  if (rowSql) return { select: `${rowSql} AS "json"`, json: (rows) => `[${rows.map((row) => row.json as string).join(',')}]` };
  const { columns, selected } = metaOf(list);
  return {
    select: selected.map((a) => `t."${columns.get(a) ?? a}" AS "${a}"`).join(', '),
    json: (rows) => rowsJson(list, rows),
  };
}
