import type { Model, ModelStatic } from 'sequelize';
import { placeholders, type Sql, type SqlValue } from './sql';

/**
 * UPDATE many rows by id in one statement: the new values as a VALUES list joined on id
 * (UPDATE ... FROM, SQLite 3.33+ and PostgreSQL). One query per row through an ORM, at about a
 * millisecond each, would limit how fast events apply; a CASE per column is quadratic in rows.
 */
export async function bulkUpdateById(
  sql: Sql,
  table: string,
  rows: readonly ({ id: number } & Record<string, SqlValue>)[],
  columns: readonly string[],
): Promise<void> {
  if (!rows.length) return;
  const params: SqlValue[] = [];
  for (const row of rows) params.push(row.id, ...columns.map((column) => row[column] ?? null));
  const tuple = `(${placeholders(columns.length + 1)})`;
  const names = columns.map((_, i) => `v${i}`);
  await sql.run(
    `WITH new_values (id, ${names.join(', ')}) AS (VALUES ${rows.map(() => tuple).join(', ')})
     UPDATE ${table} SET ${columns.map((column, i) => `${column} = new_values.${names[i]}`).join(', ')} FROM new_values WHERE ${table}.id = new_values.id`,
    params,
  );
}

/** Splits work so a statement never exceeds SQLite's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Row = Record<string, SqlValue | undefined>;

/** Column names of a model's attributes. */
function columnsOf(model: ModelStatic<Model>, attributes: readonly string[]): string[] {
  const definitions = model.getAttributes();
  return attributes.map((attribute) => definitions[attribute]?.field ?? attribute);
}

export interface Upsert {
  /** the unique attribute a row is matched on */
  conflict: string;
  update: readonly string[];
  /**
   * The attribute holding the created time of the event a row was last written from: an existing
   * row is updated only by a row at least as new. Callers already skip older snapshots; this keeps
   * that true in the statement itself, whatever else writes the row concurrently.
   */
  newerOnly?: string;
}

/**
 * INSERT (or upsert, with `upsert`) many rows in one statement per 500: bulkCreate builds,
 * validates and hooks a model instance per row, a fraction of a millisecond each, which at
 * thousands of events per second is the whole budget. Returns the local id of every row written,
 * keyed by its conflict attribute (for an upsert), so callers need no second lookup.
 */
export async function insertRows(sql: Sql, model: ModelStatic<Model>, rows: readonly Row[], upsert?: Upsert): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (!rows.length) return ids;
  const now = new Date();
  const attributes = [...Object.keys(rows[0]!), 'createdAt', 'updatedAt'];
  const columns = columnsOf(model, attributes);
  const key = upsert ? columnsOf(model, [upsert.conflict])[0]! : null;
  const onConflict = upsert
    ? ` ON CONFLICT (${key}) DO UPDATE SET ${columnsOf(model, [...upsert.update, 'updatedAt'])
        .map((column) => `${column} = excluded.${column}`)
        .join(', ')}${newerOnly(model, upsert)} RETURNING id, ${key} AS "key"`
    : '';
  const tuple = `(${placeholders(attributes.length)})`;
  for (const chunk of chunks(rows, 500)) {
    const params: SqlValue[] = [];
    for (const row of chunk) {
      for (const attribute of attributes) params.push(attribute === 'createdAt' || attribute === 'updatedAt' ? now : (row[attribute] ?? null));
    }
    const statement = `INSERT INTO ${model.getTableName()} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}${onConflict}`;
    if (!upsert) await sql.run(statement, params);
    else for (const row of await sql.all<{ id: number; key: string }>(statement, params)) ids.set(row.key, Number(row.id));
  }
  return ids;
}

function newerOnly(model: ModelStatic<Model>, upsert: Upsert): string {
  if (!upsert.newerOnly) return '';
  const column = columnsOf(model, [upsert.newerOnly])[0]!;
  return ` WHERE excluded.${column} >= ${model.getTableName()}.${column}`;
}

/** UPDATE one row by id with the given attributes (and updatedAt). */
export async function updateRow(sql: Sql, model: ModelStatic<Model>, id: number, fields: Row): Promise<void> {
  const attributes = [...Object.keys(fields), 'updatedAt'];
  const sets = columnsOf(model, attributes).map((column) => `${column} = ?`);
  const params = attributes.map((attribute) => (attribute === 'updatedAt' ? new Date() : (fields[attribute] ?? null)));
  await sql.run(`UPDATE ${model.getTableName()} SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
}
