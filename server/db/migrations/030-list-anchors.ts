import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 17: any page of any filter combination of the customers, subscriptions, webhook events,
 * notifications and audit-log lists on a million rows. Frozen: the columns are copied here.
 *
 * A change counter per list in `list_changes` (migration 028 made the table, and on PostgreSQL
 * its `list_changed()` trigger function): bumped in the writing transaction whenever a row enters
 * or leaves a list, or a column it is filtered, searched or sorted on changes. The server keeps
 * positions of each (filter, sort) it was asked for, stamped with the counter
 * (server/db/listAnchors.ts), and uses them only while a page's own statement reads that counter.
 * The lists are named after their tables, beside 'payments' and 'invoices'.
 */
const WATCHED: Record<string, string[]> = {
  customers: ['email', 'name', 'external_id', 'monthly_total', 'yearly_total', 'created_at', 'id'],
  subscriptions: ['status', 'customer_id', 'plan_id', 'cancellation_feedback', 'pause_behavior', 'current_period_end', 'created_at', 'id'],
  stripe_events: ['status', 'type', 'object_type', 'object_id', 'received_at', 'stripe_created', 'id'],
  notifications: ['status', 'template', 'customer_id', 'to_address', 'sent_at', 'created_at', 'id'],
  audit_logs: ['actor', 'action', 'entity_type', 'entity_id', 'created_at', 'id'],
};

const changed = (columns: string[], distinct: string) => columns.map((c) => `OLD.${c} ${distinct} NEW.${c}`).join(' OR ');
const seed = `INSERT INTO list_changes (list, shard, n) VALUES ${Object.keys(WATCHED)
  .map((t) => `('${t}', 0, 0)`)
  .join(', ')}`;

function sqliteUp(): string[] {
  const statements = [seed];
  for (const [table, columns] of Object.entries(WATCHED)) {
    const bump = `UPDATE list_changes SET n = n + 1 WHERE list = '${table}' AND shard = 0;`;
    statements.push(
      `CREATE TRIGGER ${table}_rows_insert AFTER INSERT ON ${table} BEGIN ${bump} END`,
      `CREATE TRIGGER ${table}_rows_delete AFTER DELETE ON ${table} BEGIN ${bump} END`,
      `CREATE TRIGGER ${table}_rows_update AFTER UPDATE OF ${columns.join(', ')} ON ${table} WHEN ${changed(columns, 'IS NOT')} BEGIN ${bump} END`,
    );
  }
  return statements;
}

function postgresUp(): string[] {
  const statements = [seed];
  for (const [table, columns] of Object.entries(WATCHED)) {
    // As migration 028: inserts and deletes once per statement, updates per row that really moved.
    statements.push(
      `CREATE TRIGGER ${table}_rows_change AFTER INSERT OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION list_changed('${table}')`,
      `CREATE TRIGGER ${table}_rows_update AFTER UPDATE OF ${columns.join(', ')} ON ${table} FOR EACH ROW
         WHEN (${changed(columns, 'IS DISTINCT FROM')}) EXECUTE FUNCTION list_changed('${table}')`,
    );
  }
  return statements;
}

const deleteRows = `DELETE FROM list_changes WHERE list IN (${Object.keys(WATCHED)
  .map((t) => `'${t}'`)
  .join(', ')})`;
const sqliteDown = () => [...Object.keys(WATCHED).flatMap((t) => ['insert', 'delete', 'update'].map((op) => `DROP TRIGGER ${t}_rows_${op}`)), deleteRows];
const postgresDown = () => [
  ...Object.keys(WATCHED).flatMap((t) => [`DROP TRIGGER ${t}_rows_update ON ${t}`, `DROP TRIGGER ${t}_rows_change ON ${t}`]),
  deleteRows,
];

async function run(qi: QueryInterface, statements: string[]): Promise<void> {
  for (const sql of statements) await qi.sequelize.query(sql);
}

const isSqlite = (qi: QueryInterface) => qi.sequelize.getDialect() === 'sqlite';

export const migration: Migration = {
  name: '030-list-anchors',
  up: (qi) => run(qi, isSqlite(qi) ? sqliteUp() : postgresUp()),
  down: (qi) => run(qi, isSqlite(qi) ? sqliteDown() : postgresDown()),
};
