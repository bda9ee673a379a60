import sqlite3 from 'sqlite3';

/**
 * A value bound to a raw statement, the one type every raw query takes (db/sql.ts, db/readPool.ts).
 * Dates and booleans are stored as Sequelize stores them on SQLite, so either side reads the other's rows.
 */
export type SqlValue = string | number | boolean | Date | null;

export function sqliteParam(value: SqlValue): string | number | null {
  if (value instanceof Date) return sqliteDate(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * A plain sqlite3 connection for the hot paths (webhook ingest, the apply thread's reads):
 * Sequelize spends a fraction of a millisecond per row building and escaping values, which at
 * thousands of events per second is the whole budget. Writes still go through the database's
 * single write queue.
 */
export interface RawSqlite {
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  close(): Promise<void>;
}

export function openRawSqlite(file: string): Promise<RawSqlite> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      db.run('PRAGMA synchronous=NORMAL');
      db.run('PRAGMA busy_timeout=5000');
      resolve({
        run: (sql, params = []) => new Promise((done, fail) => db.run(sql, params.map(sqliteParam), (e) => (e ? fail(e) : done()))),
        all: <T>(sql: string, params: readonly SqlValue[] = []) =>
          new Promise<T[]>((done, fail) => db.all(sql, params.map(sqliteParam), (e, rows) => (e ? fail(e) : done(rows as T[])))),
        close: () => new Promise((done, fail) => db.close((e) => (e ? fail(e) : done()))),
      });
    });
  });
}

/** Dates as Sequelize writes them to SQLite, so rows written here sort and compare with its own. */
/** SQL writing a stored date (sqliteDate's text) as JSON.stringify writes a Date: ISO 8601, in UTC, to the millisecond. */
export const sqliteDateJson = (column: string): string => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`;

export function sqliteDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', ' +00:00');
}
