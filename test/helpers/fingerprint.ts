import { createHash } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';

/** A table (or some of its columns) that may change without anything being wrong, and why. */
export interface Exclusion {
  table: string;
  /** only these columns are left out; the whole table when absent */
  columns?: string[];
  why: string;
}

/**
 * Every table's row count and a hash of all its rows (in rowid order), to show that a series of
 * requests changed nothing. SQLite only: the tests run on SQLite files.
 */
export async function fingerprint(sequelize: Sequelize, exclusions: readonly Exclusion[] = []): Promise<Record<string, string>> {
  const tables = await sequelize.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    { type: QueryTypes.SELECT },
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const excluded = exclusions.find((e) => e.table === name);
    if (excluded && !excluded.columns) continue;
    const rows = await sequelize.query<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY rowid`, { type: QueryTypes.SELECT });
    const hash = createHash('sha256');
    for (const row of rows) {
      for (const column of excluded?.columns ?? []) delete row[column];
      hash.update(JSON.stringify(row));
      hash.update('\n');
    }
    result[name] = `${rows.length} rows ${hash.digest('hex').slice(0, 16)}`;
  }
  return result;
}
