import type { Client } from 'pg';
import type { Sequelize } from 'sequelize';

/**
 * PostgreSQL: which row of the maintained counters (payment_counts, list_counts, list_changes)
 * a connection's writes add to.
 *
 * A counter row is locked from a writing transaction's first change to it until its commit, so
 * the counters are spread over shards, one row per (counter, shard), and a read sums them. The
 * shard used to be `pg_backend_pid() % 16`: two connections could share one, and two
 * transactions on the same shard that changed two counters in opposite orders (an audit entry
 * by one admin, then one by another, in each) deadlocked, and PostgreSQL rolled one back (503).
 *
 * Now each connection claims a shard of its own as it opens: the first of SHARDS that no other
 * session holds, by a session-level advisory lock that PostgreSQL releases when the connection
 * ends, and it tells its triggers through the `recur.counter_shard` setting (migration 032's
 * recur_counter_shard()). Two transactions then never share a counter row, however many
 * instances write. A connection that finds every shard taken (more than SHARDS connections in
 * all) falls back to its pid, as before: still counted exactly, only without that guarantee.
 */
export const COUNTER_SHARDS = 32;
/** The advisory lock's first key: "RCUR" in ASCII, so it names Recur's locks among others'. */
const LOCK_SPACE = 0x52435552;

/** Claims a free shard for a new connection; the shard, or null when all were taken. */
export async function claimCounterShard(client: Pick<Client, 'query'>): Promise<number | null> {
  // Start anywhere: connections opening together then seldom try the same shards in turn.
  const first = Math.floor(Math.random() * COUNTER_SHARDS);
  for (let i = 0; i < COUNTER_SHARDS; i++) {
    const shard = (first + i) % COUNTER_SHARDS;
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_SPACE, shard]);
    if (rows[0]?.ok === true) {
      await client.query(`SET recur.counter_shard = ${shard}`);
      return shard;
    }
  }
  return null;
}

/** Every connection the pool opens claims its shard before its first query. */
export function claimCounterShardsOnConnect(sequelize: Sequelize): void {
  // Sequelize's postgres dialect hands the hook the node-postgres client it opened.
  sequelize.addHook('afterConnect', async (connection) => {
    await claimCounterShard(connection as Client);
  });
}
