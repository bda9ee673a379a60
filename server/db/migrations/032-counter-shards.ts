import type { QueryInterface } from 'sequelize';
import type { Migration } from './types';

/**
 * PostgreSQL only: the counter triggers take their shard from the connection (server/db/
 * counterShards.ts says why) instead of `pg_backend_pid() % 16`, which two connections could share
 * and then deadlock on. Frozen: the functions are named here, and their bodies are rewritten where
 * they compute the shard, so the rest of each stays as migrations 003, 028 and 029 made it.
 * Existing counter rows stay as they are: every read sums all shards of a counter.
 */
const FUNCTIONS = [
  'payments_count_row',
  'list_changed',
  'customers_list_count_row',
  'subscriptions_list_count_row',
  'stripe_events_list_count_row',
  'notifications_list_count_row',
  'audit_logs_list_count_row',
];
const BY_PID = 'pg_backend_pid() % 16';
const BY_CONNECTION = 'recur_counter_shard()';

/** The shard a connection claimed (`recur.counter_shard`), else its pid's, over the same 32 shards. */
const SHARD_FUNCTION = `CREATE FUNCTION recur_counter_shard() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT COALESCE(NULLIF(current_setting('recur.counter_shard', true), '')::integer, pg_backend_pid() % 32)
$$`;

/** Rewrites each function's definition, failing loudly when one does not hold what it replaces. */
async function rewrite(qi: QueryInterface, from: string, to: string): Promise<void> {
  for (const name of FUNCTIONS) {
    const [rows] = (await qi.sequelize.query(`SELECT pg_get_functiondef('${name}'::regproc) AS def`)) as [{ def: string }[], unknown];
    const def = rows[0]?.def ?? '';
    if (!def.includes(from)) throw new Error(`migration 032: ${name}() does not compute its shard as expected`);
    await qi.sequelize.query(def.split(from).join(to));
  }
}

const isPostgres = (qi: QueryInterface) => qi.sequelize.getDialect() === 'postgres';

export const migration: Migration = {
  name: '032-counter-shards',
  async up(qi) {
    if (!isPostgres(qi)) return;
    await qi.sequelize.query(SHARD_FUNCTION);
    await rewrite(qi, BY_PID, BY_CONNECTION);
  },
  async down(qi) {
    if (!isPostgres(qi)) return;
    await rewrite(qi, BY_CONNECTION, BY_PID);
    await qi.sequelize.query('DROP FUNCTION recur_counter_shard()');
  },
};
