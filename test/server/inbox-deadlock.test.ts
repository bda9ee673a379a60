import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initModels, StripeEvent } from '../../server/db/models';
import { migrate } from '../../server/db/migrate';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { DirectEventStore } from '../../server/stripe/inbox/eventStore';
import { createStripeClient } from '../../server/stripe/client';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { allEvents } from '../helpers/webhooks';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';

/**
 * PostgreSQL breaks a deadlock by ending one of the transactions in it (SQLSTATE 40P01, "retry the
 * transaction": postgresql.org/docs/current/explicit-locking.html#LOCKING-DEADLOCKS). Another
 * instance storing the same deliveries in another order can make the recorder that victim; its
 * insert is idempotent, so it runs again instead of answering Stripe 500. SQLite has one writer
 * and no such case: this file runs in the PostgreSQL run only.
 */
describe.skipIf(!testPostgresUrl())('recording deliveries on PostgreSQL', () => {
  let url: string;
  let db: Database;
  let other: pg.Client;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    url = await testDatabaseUrl();
    db = await openDatabase(url);
    initModels(db.sequelize);
    await migrate(db.sequelize);
    other = new pg.Client({ connectionString: url });
    await other.connect();
  });
  afterAll(async () => {
    await emulator.close();
    await other.end();
    await db.close();
    await dropTestDatabase(url);
  });

  const insertByOther = (id: string) =>
    other.query(
      `INSERT INTO stripe_events (id, type, object_type, object_id, status, attempts, payload, stripe_created, received_at)
       VALUES ($1, 'customer.created', 'customer', $2, 'pending', 0, '{}', 1700000000, now())`,
      [id, `cus_of_${id}`],
    );

  it('stores both events once when another transaction inserting them in the other order deadlocks with it', async () => {
    // Two events as Stripe sends them: the emulator's customer.created for two new customers.
    const stripe = createStripeClient('sk_test_inbox_deadlock', emulator.url);
    await stripe.customers.create({ email: 'first@deadlock.test' });
    await stripe.customers.create({ email: 'second@deadlock.test' });
    const [first, second] = (await allEvents(stripe)).filter((e) => e.type === 'customer.created');
    if (!first || !second) throw new Error('the emulator sent no customer.created events');
    // Only the recorder's session looks for the deadlock in time, so the recorder is the one ended.
    await other.query(`SET deadlock_timeout = '30s'`);
    await other.query('BEGIN');
    await insertByOther(second.id);
    // The recorder stores the first, then waits on the second, which the other transaction holds.
    const recorded = new DirectEventStore(db).insertNew([first, second]);
    recorded.catch(() => undefined); // awaited below; a rejection before then is not unhandled
    // pg_stat_activity is read once per transaction unless its snapshot is cleared.
    const waiting = async () => {
      await other.query('SELECT pg_stat_clear_snapshot()');
      return (await other.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO stripe_events%'`)).rowCount;
    };
    for (let i = 0; i < 250 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await waiting()).toBe(1);
    // Now the other transaction waits on the first: a deadlock, which the recorder's session finds
    // after its deadlock_timeout (1 s) and ends the recorder's transaction; the other one goes on.
    await insertByOther(first.id);
    // The recorder's second try waits on the other transaction, which commits both.
    await other.query('COMMIT');
    // Both were stored by the other transaction: the recorder's second try finds them.
    expect(await recorded).toEqual([true, true]);
    expect(await StripeEvent.count({ where: { id: [first.id, second.id] } })).toBe(2);
  });
});
