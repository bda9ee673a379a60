import { createHash } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';

/** A table (or some of its columns) that may change without anything being wrong, and why. */
export interface Exclusion {
  table: string;
  /** only these columns are left out; the whole table when absent (and no `rows`) */
  columns?: string[];
  /** only the rows this matches are left out */
  rows?: (row: Record<string, unknown>) => boolean;
  why: string;
}

/** Every table of the database, on SQLite or PostgreSQL. */
export async function tableNames(sequelize: Sequelize): Promise<string[]> {
  const sql =
    sequelize.getDialect() === 'postgres'
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
  return (await sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT })).map((t) => t.name);
}

/**
 * Every table's row count and a hash of all its rows (sorted, so the order a database returns
 * them in does not matter), to show that a series of requests changed nothing.
 */
export async function fingerprint(sequelize: Sequelize, exclusions: readonly Exclusion[] = []): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const name of await tableNames(sequelize)) {
    const excluded = exclusions.find((e) => e.table === name);
    if (excluded && !excluded.columns && !excluded.rows) continue;
    const all = await sequelize.query<Record<string, unknown>>(`SELECT * FROM "${name}"`, { type: QueryTypes.SELECT });
    const rows = excluded?.rows ? all.filter((row) => !excluded.rows?.(row)) : all;
    const lines = rows.map((row) => {
      for (const column of excluded?.columns ?? []) delete row[column];
      return JSON.stringify(row);
    });
    const hash = createHash('sha256');
    for (const line of lines.sort()) hash.update(`${line}\n`);
    result[name] = `${rows.length} rows ${hash.digest('hex').slice(0, 16)}`;
  }
  return result;
}
