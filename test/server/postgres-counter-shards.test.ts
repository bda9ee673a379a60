import pg from 'pg';
import type { Transaction } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTER_SHARDS } from '../../server/db/counterShards';
import { migrate } from '../../server/db/migrate';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';

/**
 * PostgreSQL: the maintained counters (payment_counts, list_counts, list_changes) are rows a
 * writing transaction locks until it commits, spread over shards (server/db/counterShards.ts).
 * Two transactions on one shard that change two counters in opposite orders deadlock, and
 * PostgreSQL rolls one back (postgresql.org/docs/current/explicit-locking.html#LOCKING-DEADLOCKS):
 * so each connection holds a shard of its own, across instances too. SQLite has one writer and no
 * shards: this file runs in the PostgreSQL run only.
 */
describe.skipIf(!testPostgresUrl())('each PostgreSQL connection adds to counter rows of its own', () => {
  let url: string;
  let first: Database;
  let second: Database;

  beforeAll(async () => {
    url = await testDatabaseUrl();
    first = await openDatabase(url);
    await migrate(first.sequelize);
    second = await openDatabase(url);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await dropTestDatabase(url);
  });

  /** Resolves for every caller once `n` have arrived: transactions that wait on it overlap, each on a connection of its own. */
  function barrier(n: number): () => Promise<void> {
    let arrived = 0;
    let release!: () => void;
    const all = new Promise<void>((resolve) => (release = resolve));
    return () => {
      if (++arrived === n) release();
      return all;
    };
  }

  /** The shard of each of `n` connections of `db`, all held open together. */
  function shardsOf(db: Database, n: number, together: () => Promise<void>): Promise<string[]> {
    return Promise.all(
      Array.from({ length: n }, () =>
        db.sequelize.transaction(async (transaction) => {
          const [rows] = (await db.sequelize.query(`SELECT current_setting('recur.counter_shard', true) AS shard`, { transaction })) as [
            { shard: string | null }[],
            unknown,
          ];
          await together();
          return rows[0]?.shard ?? '';
        }),
      ),
    );
  }

  it('gives every connection of two instances a shard that no other connection holds', async () => {
    const together = barrier(20);
    const shards = (await Promise.all([shardsOf(first, 10, together), shardsOf(second, 10, together)])).flat();
    expect(shards).toHaveLength(20);
    for (const shard of shards) {
      expect(shard).toMatch(/^\d+$/);
      expect(Number(shard)).toBeLessThan(COUNTER_SHARDS);
    }
    expect(new Set(shards).size, shards.join(',')).toBe(20);
  });

  it('(the hazard) two sessions on one shard that add to two counters in opposite orders deadlock', async () => {
    const sessions = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    try {
      for (const session of sessions) {
        await session.connect();
        await session.query('SET recur.counter_shard = 7');
        await session.query('BEGIN');
      }
      const entry = (session: pg.Client, actor: string) =>
        session.query(`INSERT INTO audit_logs (actor, action, created_at) VALUES ($1, 'hazard', now())`, [actor]);
      // The first holds anna's counter and the list's change counter; the second takes ben's and
      // queues on the change counter; the first then wants ben's.
      await entry(sessions[0]!, 'anna@example.com');
      const second = entry(sessions[1]!, 'ben@example.com');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const outcomes = await Promise.allSettled([entry(sessions[0]!, 'ben@example.com'), second]);
      const codes = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'ok'));
      expect(codes.sort()).toEqual(['40P01', 'ok']);
    } finally {
      for (const session of sessions) await session.end();
    }
  });

  it('lets writers that change two counters in opposite orders run together without a deadlock, and counts exactly', async () => {
    const entry = (db: Database, actor: string, transaction: Transaction) =>
      db.sequelize.query(`INSERT INTO audit_logs (actor, action, entity_type, entity_id, created_at) VALUES (?, 'plan.update', 'plan', '1', now())`, {
        replacements: [actor],
        transaction,
      });
    const failures: unknown[] = [];
    // Ten writers on each instance, each transaction an entry by one admin and then one by the
    // other (half of them the other way round), with a pause between that lets them interleave.
    const writer = async (db: Database, w: number) => {
      const [a, b] = w % 2 ? ['anna@example.com', 'ben@example.com'] : ['ben@example.com', 'anna@example.com'];
      for (let i = 0; i < 8; i++) {
        try {
          await db.sequelize.transaction(async (transaction) => {
            await entry(db, a, transaction);
            await db.sequelize.query('SELECT pg_sleep(0.02)', { transaction });
            await entry(db, b, transaction);
          });
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all([...Array.from({ length: 10 }, (_, w) => writer(first, w)), ...Array.from({ length: 10 }, (_, w) => writer(second, w))]);
    expect(failures.map((f) => String(f))).toEqual([]);

    const [counted] = (await first.sequelize.query(
      `SELECT d1 AS actor, SUM(n)::integer AS n FROM list_counts WHERE list = 'audit_logs' GROUP BY d1 ORDER BY d1`,
    )) as [{ actor: string; n: number }[], unknown];
    const [actual] = (await first.sequelize.query(`SELECT actor, COUNT(*)::integer AS n FROM audit_logs GROUP BY actor ORDER BY actor`)) as [
      { actor: string; n: number }[],
      unknown,
    ];
    expect(actual).toEqual([
      { actor: 'anna@example.com', n: 160 },
      { actor: 'ben@example.com', n: 160 },
    ]);
    expect(counted).toEqual(actual);
  });
});
