import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * The payments list on a million rows. Its Content-Range total is the slow part (COUNT(*) over
 * the table or a status's slice of it takes tens of milliseconds), so counts per status are kept
 * in payment_counts by triggers: they hold whatever code writes the rows (webhook apply, sync,
 * raw SQL), in the same transaction. Indexes match each sortable field (with id as tie-break,
 * explicit for PostgreSQL; SQLite appends the rowid anyway) and each reference filter.
 *
 * On PostgreSQL a counter row is also a lock held until commit: rows are spread over shards by
 * backend pid, so concurrent writers rarely wait on (or deadlock over) the same counter row.
 */
const INDEXES: [string, string[]][] = [
  ['payments_created_at_id', ['created_at', 'id']],
  ['payments_status_created_at_id', ['status', 'created_at', 'id']],
  ['payments_attempted_at_id', ['attempted_at', 'id']],
  ['payments_amount_id', ['amount', 'id']],
  ['payments_customer_id_created_at', ['customer_id', 'created_at']],
  ['payments_subscription_id_created_at', ['subscription_id', 'created_at']],
  ['payments_invoice_id', ['invoice_id']],
];

const SQLITE_UP = [
  `CREATE TABLE payment_counts (status VARCHAR(24) NOT NULL, shard INTEGER NOT NULL DEFAULT 0, n BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (status, shard))`,
  `INSERT INTO payment_counts (status, shard, n) SELECT status, 0, COUNT(*) FROM payments GROUP BY status`,
  `CREATE TRIGGER payments_count_insert AFTER INSERT ON payments BEGIN
     INSERT INTO payment_counts (status, shard, n) VALUES (NEW.status, 0, 1) ON CONFLICT (status, shard) DO UPDATE SET n = n + 1;
   END`,
  `CREATE TRIGGER payments_count_delete AFTER DELETE ON payments BEGIN
     UPDATE payment_counts SET n = n - 1 WHERE status = OLD.status AND shard = 0;
   END`,
  `CREATE TRIGGER payments_count_update AFTER UPDATE OF status ON payments WHEN OLD.status IS NOT NEW.status BEGIN
     UPDATE payment_counts SET n = n - 1 WHERE status = OLD.status AND shard = 0;
     INSERT INTO payment_counts (status, shard, n) VALUES (NEW.status, 0, 1) ON CONFLICT (status, shard) DO UPDATE SET n = n + 1;
   END`,
];
const SQLITE_DOWN = [
  'DROP TRIGGER payments_count_update',
  'DROP TRIGGER payments_count_delete',
  'DROP TRIGGER payments_count_insert',
  'DROP TABLE payment_counts',
];

const SHARDS = 16;
const POSTGRES_UP = [
  `CREATE TABLE payment_counts (status VARCHAR(24) NOT NULL, shard INTEGER NOT NULL DEFAULT 0, n BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (status, shard))`,
  `INSERT INTO payment_counts (status, shard, n) SELECT status, 0, COUNT(*) FROM payments GROUP BY status`,
  `CREATE FUNCTION payments_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE s integer := pg_backend_pid() % ${SHARDS};
   BEGIN
     IF TG_OP IN ('UPDATE', 'DELETE') THEN
       INSERT INTO payment_counts (status, shard, n) VALUES (OLD.status, s, -1)
         ON CONFLICT (status, shard) DO UPDATE SET n = payment_counts.n - 1;
     END IF;
     IF TG_OP IN ('UPDATE', 'INSERT') THEN
       INSERT INTO payment_counts (status, shard, n) VALUES (NEW.status, s, 1)
         ON CONFLICT (status, shard) DO UPDATE SET n = payment_counts.n + 1;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION payments_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN DELETE FROM payment_counts; RETURN NULL; END $$`,
  `CREATE TRIGGER payments_count_insert AFTER INSERT OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_count_row()`,
  `CREATE TRIGGER payments_count_update AFTER UPDATE OF status ON payments FOR EACH ROW
     WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION payments_count_row()`,
  `CREATE TRIGGER payments_count_truncate AFTER TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION payments_count_truncate()`,
];
const POSTGRES_DOWN = [
  'DROP TRIGGER payments_count_truncate ON payments',
  'DROP TRIGGER payments_count_update ON payments',
  'DROP TRIGGER payments_count_insert ON payments',
  'DROP FUNCTION payments_count_truncate()',
  'DROP FUNCTION payments_count_row()',
  'DROP TABLE payment_counts',
];

async function run(qi: QueryInterface, statements: string[]): Promise<void> {
  for (const sql of statements) await qi.sequelize.query(sql);
}

const isSqlite = (qi: QueryInterface) => qi.sequelize.getDialect() === 'sqlite';

export const migration: Migration = {
  name: '003-payments-list',
  async up(qi: QueryInterface) {
    // (customer_id, created_at) serves everything (customer_id) did, and the list's sort too.
    await qi.removeIndex('payments', ['customer_id']);
    for (const [name, fields] of INDEXES) await qi.addIndex('payments', fields, { name });
    await run(qi, isSqlite(qi) ? SQLITE_UP : POSTGRES_UP);
  },
  async down(qi: QueryInterface) {
    await run(qi, isSqlite(qi) ? SQLITE_DOWN : POSTGRES_DOWN);
    for (const [name] of [...INDEXES].reverse()) await qi.removeIndex('payments', name);
    await qi.addIndex('payments', ['customer_id']);
  },
};
