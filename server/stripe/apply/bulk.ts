import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';

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

type Row = Record<string, Value | undefined>;

/** Column names of a model's attributes, and the statement's VALUES list, for rows given by attribute. */
function columnsOf(model: ModelStatic<Model>, attributes: readonly string[]): string[] {
  const definitions = model.getAttributes();
  return attributes.map((attribute) => definitions[attribute]?.field ?? attribute);
}

/**
 * INSERT (or upsert, with `conflict`) many rows in one statement through sequelize.query:
 * bulkCreate builds, validates and hooks a model instance per row, a fraction of a millisecond
 * each, which at thousands of events per second is the whole budget. Sequelize still escapes the
 * values for the dialect (dates, booleans), so SQLite and PostgreSQL read the rows back unchanged.
 */
export async function insertRows(
  model: ModelStatic<Model>,
  rows: readonly Row[],
  transaction: Transaction,
  upsert?: { conflict: string; update: readonly string[] },
): Promise<void> {
  if (!rows.length) return;
  const now = new Date();
  const attributes = [...Object.keys(rows[0]!), 'createdAt', 'updatedAt'];
  const columns = columnsOf(model, attributes);
  const onConflict = upsert
    ? ` ON CONFLICT (${columnsOf(model, [upsert.conflict])[0]}) DO UPDATE SET ${columnsOf(model, [...upsert.update, 'updatedAt'])
        .map((column) => `${column} = excluded.${column}`)
        .join(', ')}`
    : '';
  for (const chunk of chunks(rows, 500)) {
    const replacements: Value[] = [];
    const values = chunk.map((row) => {
      for (const attribute of attributes) replacements.push(attribute === 'createdAt' || attribute === 'updatedAt' ? now : (row[attribute] ?? null));
      return `(${attributes.map(() => '?').join(', ')})`;
    });
    const sql = `INSERT INTO ${model.getTableName()} (${columns.join(', ')}) VALUES ${values.join(', ')}${onConflict}`;
    await model.sequelize!.query(sql, { replacements, transaction });
  }
}
