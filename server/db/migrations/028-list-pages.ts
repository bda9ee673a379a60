import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * Issue 17: every shape of the payments and invoices lists fast on a million rows.
 *
 * 1. Indexes so that a status filter with any sort, and every invoice sort, is served in order by
 *    an index (the first and last pages then cost an index seek and 25 rows).
 * 2. `list_changes`: a change counter per list, bumped in the writing transaction by triggers
 *    whenever a row enters or leaves a list or a column it is filtered or sorted on changes
 *    (whatever code writes: webhook apply, sync, raw SQL). The server keeps, per filter and sort,
 *    the ordered ids of the matches (server/billing/paymentsPages.ts) stamped with the counter
 *    they were read at, and uses them only when a page's own statement still reads the same
 *    counter: the total and the page then are exactly those of the plain query.
 *
 * The counter is the SUM of its rows, which only ever grow, so it changes with every committed
 * change. On PostgreSQL the rows are spread over shards by backend pid (as payment_counts are),
 * so concurrent writers rarely wait on the same row; SQLite has one writer and one row.
 * A payment belongs to a plan through its subscription, so a subscription's plan changing (or a
 * subscription appearing or going) changes the payments list too.
 */
const SHARDS = 16;

const PAYMENT_INDEXES: [string, string[]][] = [
  ['payments_status_attempted_at_id', ['status', 'attempted_at', 'id']],
  ['payments_status_amount_id', ['status', 'amount', 'id']],
];
const INVOICE_INDEXES: [string, string[]][] = [
  ['invoices_created_at_id', ['created_at', 'id']],
  ['invoices_status_created_at_id', ['status', 'created_at', 'id']],
  ['invoices_amount_due_id', ['amount_due', 'id']],
  ['invoices_period_end_id', ['period_end', 'id']],
];

/** Columns whose change moves a row in, out or within a list (filters and sort keys). */
const WATCHED: Record<string, { list: string; columns: string[] }> = {
  payments: { list: 'payments', columns: ['status', 'customer_id', 'subscription_id', 'invoice_id', 'attempted_at', 'amount', 'created_at', 'id'] },
  subscriptions: { list: 'payments', columns: ['plan_id', 'id'] },
  invoices: {
    list: 'invoices',
    columns: ['status', 'customer_id', 'subscription_id', 'number', 'stripe_invoice_id', 'amount_due', 'period_end', 'created_at', 'id'],
  },
};

const changed = (columns: string[], distinct: string) => columns.map((c) => `OLD.${c} ${distinct} NEW.${c}`).join(' OR ');

function sqliteUp(): string[] {
  const statements = [
    `CREATE TABLE list_changes (list VARCHAR(32) NOT NULL, shard INTEGER NOT NULL DEFAULT 0, n BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (list, shard))`,
    `INSERT INTO list_changes (list, shard, n) VALUES ('payments', 0, 0), ('invoices', 0, 0)`,
  ];
  for (const [table, { list, columns }] of Object.entries(WATCHED)) {
    const bump = `UPDATE list_changes SET n = n + 1 WHERE list = '${list}' AND shard = 0;`;
    statements.push(
      `CREATE TRIGGER ${table}_list_insert AFTER INSERT ON ${table} BEGIN ${bump} END`,
      `CREATE TRIGGER ${table}_list_delete AFTER DELETE ON ${table} BEGIN ${bump} END`,
      `CREATE TRIGGER ${table}_list_update AFTER UPDATE OF ${columns.join(', ')} ON ${table} WHEN ${changed(columns, 'IS NOT')} BEGIN ${bump} END`,
    );
  }
  return statements;
}

function sqliteDown(): string[] {
  const drops = Object.keys(WATCHED).flatMap((table) => ['insert', 'delete', 'update'].map((op) => `DROP TRIGGER ${table}_list_${op}`));
  return [...drops, 'DROP TABLE list_changes'];
}

function postgresUp(): string[] {
  const statements = [
    `CREATE TABLE list_changes (list VARCHAR(32) NOT NULL, shard INTEGER NOT NULL DEFAULT 0, n BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (list, shard))`,
    `INSERT INTO list_changes (list, shard, n) VALUES ('payments', 0, 0), ('invoices', 0, 0)`,
    `CREATE FUNCTION list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO list_changes (list, shard, n) VALUES (TG_ARGV[0], pg_backend_pid() % ${SHARDS}, 1)
         ON CONFLICT (list, shard) DO UPDATE SET n = list_changes.n + 1;
       RETURN NULL;
     END $$`,
  ];
  for (const [table, { list, columns }] of Object.entries(WATCHED)) {
    // Inserts, deletes and truncations once per statement (a bulk insert bumps once); updates per
    // row, and only when a watched column really changed (an upsert rewriting the same values
    // leaves the cached lists valid).
    statements.push(
      `CREATE TRIGGER ${table}_list_change AFTER INSERT OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION list_changed('${list}')`,
      `CREATE TRIGGER ${table}_list_update AFTER UPDATE OF ${columns.join(', ')} ON ${table} FOR EACH ROW
         WHEN (${changed(columns, 'IS DISTINCT FROM')}) EXECUTE FUNCTION list_changed('${list}')`,
    );
  }
  return statements;
}

function postgresDown(): string[] {
  const drops = Object.keys(WATCHED).flatMap((table) => [`DROP TRIGGER ${table}_list_update ON ${table}`, `DROP TRIGGER ${table}_list_change ON ${table}`]);
  return [...drops, 'DROP FUNCTION list_changed()', 'DROP TABLE list_changes'];
}

async function run(qi: QueryInterface, statements: string[]): Promise<void> {
  for (const sql of statements) await qi.sequelize.query(sql);
}

const isSqlite = (qi: QueryInterface) => qi.sequelize.getDialect() === 'sqlite';

export const migration: Migration = {
  name: '028-list-pages',
  async up(qi: QueryInterface) {
    for (const [name, fields] of PAYMENT_INDEXES) await qi.addIndex('payments', fields, { name });
    for (const [name, fields] of INVOICE_INDEXES) await qi.addIndex('invoices', fields, { name });
    await run(qi, isSqlite(qi) ? sqliteUp() : postgresUp());
  },
  async down(qi: QueryInterface) {
    await run(qi, isSqlite(qi) ? sqliteDown() : postgresDown());
    for (const [name] of [...INVOICE_INDEXES].reverse()) await qi.removeIndex('invoices', name);
    for (const [name] of [...PAYMENT_INDEXES].reverse()) await qi.removeIndex('payments', name);
  },
};
