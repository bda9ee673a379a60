import type { Sequelize, Transaction } from 'sequelize';

type Value = string | number | boolean | Date | null;

/**
 * UPDATE many rows by id in one statement (CASE per column): Sequelize would issue one query per
 * row, and at about a millisecond each that is what limits how fast events apply.
 */
export async function bulkUpdateById(
  sequelize: Sequelize,
  table: string,
  rows: readonly ({ id: number } & Record<string, Value>)[],
  columns: readonly string[],
  transaction: Transaction,
): Promise<void> {
  if (!rows.length) return;
  const replacements: Value[] = [];
  const sets = columns.map((column) => {
    const cases = rows.map((row) => {
      replacements.push(row.id, row[column] ?? null);
      return 'WHEN ? THEN ?';
    });
    return `${column} = CASE id ${cases.join(' ')} ELSE ${column} END`;
  });
  replacements.push(...rows.map((row) => row.id));
  const ids = rows.map(() => '?').join(', ');
  await sequelize.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE id IN (${ids})`, { replacements, transaction });
}

/** Splits work so a statement never exceeds SQLite's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
