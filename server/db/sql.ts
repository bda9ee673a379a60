import sqlite3 from 'sqlite3';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Database } from './sequelize';
import { sqliteParam, type SqlValue } from './sqliteRaw';

export type { SqlValue } from './sqliteRaw';

/**
 * Plain statements with `?` placeholders, for the paths that write or read many rows (webhook
 * applying runs thousands a second; the outbox, the apps' events and the sync too): Sequelize
 * spends more CPU building model instances and escaping values than SQLite spends running the
 * statements. Column names are aliased in quotes (`AS "lastEventAt"`) so rows come back the same
 * from SQLite and PostgreSQL.
 */
export interface Sql {
  all<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
}

function onSqlite(connection: sqlite3.Database): Sql {
  return {
    all: <T extends object>(sql: string, params: readonly SqlValue[] = []) =>
      new Promise<T[]>((done, fail) => connection.all(sql, params.map(sqliteParam), (e: Error | null, rows: T[]) => (e ? fail(e) : done(rows)))),
    run: (sql, params = []) => new Promise<void>((done, fail) => connection.run(sql, params.map(sqliteParam), (e: Error | null) => (e ? fail(e) : done()))),
  };
}

function throughSequelize(sequelize: Sequelize, transaction?: Transaction): Sql {
  return {
    all: <T extends object>(sql: string, params: readonly SqlValue[] = []) =>
      sequelize.query<T>(sql, { replacements: [...params], transaction, type: QueryTypes.SELECT }),
    run: async (sql, params = []) => {
      await sequelize.query(sql, { replacements: [...params], transaction });
    },
  };
}

/**
 * Statements inside a Sequelize transaction. On SQLite they run on the transaction's own
 * connection directly (so they see and join its writes); on PostgreSQL through sequelize.query.
 */
export function sqlIn(db: Database, transaction: Transaction): Sql {
  const connection: unknown = Reflect.get(transaction, 'connection');
  if (db.dialect === 'sqlite' && connection instanceof sqlite3.Database) return onSqlite(connection);
  return throughSequelize(db.sequelize, transaction);
}

/** Reads outside any transaction: SQLite's plain connection where there is one, else Sequelize. */
export function sqlOutside(db: Database): Sql {
  return db.raw ? db.raw : throughSequelize(db.sequelize);
}

/**
 * The values of a statement's `?`s, added in the order the `?`s appear in its text: the builders
 * of the lists' and pages' SQL append a clause's text and its values together.
 */
export class BoundValues {
  readonly values: SqlValue[] = [];

  /** `?`, standing for `value`. */
  add(value: SqlValue): string {
    this.values.push(value);
    return '?';
  }

  /** `column = ?` or `column IN (?, …)`; no values match nothing (`IN ()` is SQLite's only). */
  in(column: string, values: readonly SqlValue[]): string {
    if (!values.length) return '1 = 0';
    if (values.length === 1) return `${column} = ${this.add(values[0]!)}`;
    return `${column} IN (${values.map((v) => this.add(v)).join(', ')})`;
  }
}

const numberedCache = new Map<string, string>();

/**
 * `?` placeholders as PostgreSQL's `$1, $2, …`, for statements sent with bound parameters (the
 * read pool's): every raw statement in Recur is written with `?`, whatever the dialect. A `?`
 * inside a quoted string or identifier is left alone. Translations are kept per statement text,
 * as the same few hundred statements run over and over.
 */
export function numberedPlaceholders(sql: string): string {
  const known = numberedCache.get(sql);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else out += char === '?' ? `$${++n}` : char;
  }
  if (numberedCache.size < 2000) numberedCache.set(sql, out);
  return out;
}

/** `?, ?, ?` for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
