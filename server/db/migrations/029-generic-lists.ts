import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 17: the customers, subscriptions, webhook events, notifications and audit-log lists on a
 * million rows each. Frozen: the tables, columns and indexes are copied here, nothing imported.
 *
 * Totals. A COUNT(*) over a million rows (or over a broad filter's slice) costs tens of
 * milliseconds, so list_counts keeps, per list, how many rows have each combination of its
 * low-cardinality filter columns ("dimensions": statuses, types, templates, plans, actors).
 * Any combination of those filters is then an exact SUM over a few hundred counter rows, and the
 * unfiltered total is the SUM of them all. `key` is the JSON array of the dimension values, so
 * NULL and '' stay apart; d1..d4 repeat the values (as text) for the SUM's WHERE. Triggers keep
 * the counts whatever writes the rows (webhook apply, sync, raw SQL), in the same transaction.
 * On PostgreSQL a counter row is a lock held until commit, so rows are spread over shards by
 * backend pid, as payment_counts does (migration 003).
 *
 * Indexes: (sort field, id) for every sortable field, id being the tie-break; one per
 * high-cardinality filter; (filter, sort, id) where the admin shows a filter always on beside its
 * default sort. Fewer on stripe_events than elsewhere, as every index costs the webhook ingest.
 */
interface Counted {
  table: string;
  dims: string[];
}

const COUNTED: Counted[] = [
  { table: 'customers', dims: [] },
  { table: 'subscriptions', dims: ['status', 'plan_id', 'cancellation_feedback', 'pause_behavior'] },
  { table: 'stripe_events', dims: ['status', 'type', 'object_type'] },
  { table: 'notifications', dims: ['status', 'template'] },
  { table: 'audit_logs', dims: ['actor', 'action', 'entity_type'] },
];

const INDEXES: [string, string, string[]][] = [
  ['customers', 'customers_email_id', ['email', 'id']],
  ['customers', 'customers_name_id', ['name', 'id']],
  ['customers', 'customers_monthly_total_id', ['monthly_total', 'id']],
  ['customers', 'customers_yearly_total_id', ['yearly_total', 'id']],
  ['customers', 'customers_created_at_id', ['created_at', 'id']],
  ['subscriptions', 'subscriptions_status_id', ['status', 'id']],
  ['subscriptions', 'subscriptions_status_created_at_id', ['status', 'created_at', 'id']],
  ['subscriptions', 'subscriptions_created_at_id', ['created_at', 'id']],
  ['subscriptions', 'subscriptions_current_period_end_id', ['current_period_end', 'id']],
  ['subscriptions', 'subscriptions_plan_id_created_at_id', ['plan_id', 'created_at', 'id']],
  ['subscriptions', 'subscriptions_pause_behavior', ['pause_behavior']],
  ['stripe_events', 'stripe_events_received_at_id', ['received_at', 'id']],
  ['stripe_events', 'stripe_events_stripe_created_id', ['stripe_created', 'id']],
  ['stripe_events', 'stripe_events_type_id', ['type', 'id']],
  ['stripe_events', 'stripe_events_status_id', ['status', 'id']],
  ['stripe_events', 'stripe_events_object_id', ['object_id']],
  ['notifications', 'notifications_created_at_id', ['created_at', 'id']],
  ['notifications', 'notifications_sent_at_id', ['sent_at', 'id']],
  ['notifications', 'notifications_status_id', ['status', 'id']],
  ['notifications', 'notifications_template_id', ['template', 'id']],
  ['notifications', 'notifications_to_address_id', ['to_address', 'id']],
  ['notifications', 'notifications_status_created_at_id', ['status', 'created_at', 'id']],
  ['notifications', 'notifications_template_created_at_id', ['template', 'created_at', 'id']],
  ['audit_logs', 'audit_logs_created_at_id', ['created_at', 'id']],
  ['audit_logs', 'audit_logs_actor_id', ['actor', 'id']],
  ['audit_logs', 'audit_logs_action_id', ['action', 'id']],
  ['audit_logs', 'audit_logs_entity_type_id', ['entity_type', 'id']],
  ['audit_logs', 'audit_logs_entity_id', ['entity_id']],
];

/** Indexes these replace: (email) and (status) are prefixes of the new ones. */
const REPLACED: [string, string[]][] = [
  ['customers', ['email']],
  ['subscriptions', ['status']],
];

const D = ['d1', 'd2', 'd3', 'd4'];
const TABLE = `CREATE TABLE list_counts (list VARCHAR(32) NOT NULL, key TEXT NOT NULL, shard INTEGER NOT NULL DEFAULT 0, n BIGINT NOT NULL DEFAULT 0,
  d1 TEXT, d2 TEXT, d3 TEXT, d4 TEXT, PRIMARY KEY (list, key, shard))`;

const dimCols = (c: Counted) => c.dims.map((_, i) => D[i]!);
const changed = (c: Counted, distinct: string) => c.dims.map((d) => `OLD.${d} ${distinct} NEW.${d}`).join(' OR ');

function sqliteUp(c: Counted): string[] {
  const key = (row: string) => `json_array(${c.dims.map((d) => `${row}.${d}`).join(', ')})`;
  const cols = ['list', 'key', 'shard', 'n', ...dimCols(c)].join(', ');
  const add = (row: string) =>
    `INSERT INTO list_counts (${cols}) VALUES ('${c.table}', ${key(row)}, 0, 1${c.dims.map((d) => `, ${row}.${d}`).join('')})
       ON CONFLICT (list, key, shard) DO UPDATE SET n = n + 1;`;
  const remove = (row: string) => `UPDATE list_counts SET n = n - 1 WHERE list = '${c.table}' AND key = ${key(row)} AND shard = 0;`;
  const statements = [
    `INSERT INTO list_counts (${cols}) SELECT '${c.table}', ${key(c.table)}, 0, COUNT(*)${c.dims.map((d) => `, ${d}`).join('')}
       FROM ${c.table} ${c.dims.length ? `GROUP BY ${c.dims.join(', ')}` : ''}`,
    `CREATE TRIGGER ${c.table}_list_count_insert AFTER INSERT ON ${c.table} BEGIN ${add('NEW')} END`,
    `CREATE TRIGGER ${c.table}_list_count_delete AFTER DELETE ON ${c.table} BEGIN ${remove('OLD')} END`,
  ];
  if (c.dims.length) {
    statements.push(`CREATE TRIGGER ${c.table}_list_count_update AFTER UPDATE OF ${c.dims.join(', ')} ON ${c.table} WHEN ${changed(c, 'IS NOT')}
      BEGIN ${remove('OLD')} ${add('NEW')} END`);
  }
  return statements;
}

const SHARDS = 16;

function postgresUp(c: Counted): string[] {
  const key = (row: string) => `json_build_array(${c.dims.map((d) => `${row}.${d}`).join(', ')})::text`;
  const cols = ['list', 'key', 'shard', 'n', ...dimCols(c)].join(', ');
  const values = (row: string, n: number) => `('${c.table}', ${key(row)}, s, ${n}${c.dims.map((d) => `, ${row}.${d}::text`).join('')})`;
  const upsert = (row: string, n: number) =>
    `INSERT INTO list_counts (${cols}) VALUES ${values(row, n)} ON CONFLICT (list, key, shard) DO UPDATE SET n = list_counts.n + (${n});`;
  const statements = [
    `INSERT INTO list_counts (${cols}) SELECT '${c.table}', ${key(c.table)}, 0, COUNT(*)${c.dims.map((d) => `, ${d}::text`).join('')}
       FROM ${c.table} ${c.dims.length ? `GROUP BY ${c.dims.join(', ')}` : ''}`,
    `CREATE FUNCTION ${c.table}_list_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE s integer := pg_backend_pid() % ${SHARDS};
     BEGIN
       IF TG_OP IN ('UPDATE', 'DELETE') THEN ${upsert('OLD', -1)} END IF;
       IF TG_OP IN ('UPDATE', 'INSERT') THEN ${upsert('NEW', 1)} END IF;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION ${c.table}_list_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN DELETE FROM list_counts WHERE list = '${c.table}'; RETURN NULL; END $$`,
    `CREATE TRIGGER ${c.table}_list_count_insert AFTER INSERT OR DELETE ON ${c.table} FOR EACH ROW EXECUTE FUNCTION ${c.table}_list_count_row()`,
    `CREATE TRIGGER ${c.table}_list_count_truncate AFTER TRUNCATE ON ${c.table} FOR EACH STATEMENT EXECUTE FUNCTION ${c.table}_list_count_truncate()`,
  ];
  if (c.dims.length) {
    statements.push(`CREATE TRIGGER ${c.table}_list_count_update AFTER UPDATE OF ${c.dims.join(', ')} ON ${c.table} FOR EACH ROW
      WHEN (${changed(c, 'IS DISTINCT FROM')}) EXECUTE FUNCTION ${c.table}_list_count_row()`);
  }
  return statements;
}

function sqliteDown(c: Counted): string[] {
  return [`DROP TRIGGER IF EXISTS ${c.table}_list_count_update`, `DROP TRIGGER ${c.table}_list_count_delete`, `DROP TRIGGER ${c.table}_list_count_insert`];
}

function postgresDown(c: Counted): string[] {
  return [
    `DROP TRIGGER IF EXISTS ${c.table}_list_count_update ON ${c.table}`,
    `DROP TRIGGER ${c.table}_list_count_truncate ON ${c.table}`,
    `DROP TRIGGER ${c.table}_list_count_insert ON ${c.table}`,
    `DROP FUNCTION ${c.table}_list_count_truncate()`,
    `DROP FUNCTION ${c.table}_list_count_row()`,
  ];
}

async function run(qi: QueryInterface, statements: string[]): Promise<void> {
  for (const sql of statements) await qi.sequelize.query(sql);
}

const isSqlite = (qi: QueryInterface) => qi.sequelize.getDialect() === 'sqlite';

export const migration: Migration = {
  name: '029-generic-lists',
  async up(qi: QueryInterface) {
    for (const [table, fields] of REPLACED) await qi.removeIndex(table, fields);
    for (const [table, name, fields] of INDEXES) await qi.addIndex(table, fields, { name });
    await run(qi, [TABLE, ...COUNTED.flatMap(isSqlite(qi) ? sqliteUp : postgresUp)]);
  },
  async down(qi: QueryInterface) {
    await run(qi, [...COUNTED.flatMap(isSqlite(qi) ? sqliteDown : postgresDown), 'DROP TABLE list_counts']);
    for (const [table, name] of [...INDEXES].reverse()) await qi.removeIndex(table, name);
    for (const [table, fields] of REPLACED) await qi.addIndex(table, fields);
  },
};
