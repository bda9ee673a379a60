import type Stripe from 'stripe';
import { openRawSqlite, sqliteDate, type RawSqlite } from '../../db/sqliteRaw';
import { insertNewEvents, valuesList } from './insertNew';

/**
 * On SQLite, deliveries are first stored in a file of their own beside the database (`<db>-inbox`,
 * like SQLite's own `-wal`): SQLite has one writer per file, and in the main file webhook ingest
 * would wait for the apply thread's batch transactions (tens of ms each). Here ingest waits only
 * for other ingest commits. The apply thread moves staged rows into stripe_events, where their
 * status makes applying exactly-once as before.
 */
export function stagingPath(storage: string): string {
  return `${storage}-inbox`;
}

/** insertNewEvents' row, as it is staged. */
const STAGED_COLUMNS = 'id, type, object_type, object_id, payload, stripe_created, received_at';

/**
 * `seq` never repeats (AUTOINCREMENT), so "delete what was moved" is `seq <= last moved`, and a
 * late delete can never remove a row staged after the move read the table.
 */
async function ensureSchema(staging: RawSqlite): Promise<void> {
  await staging.run('PRAGMA journal_mode=WAL');
  await staging.run(
    `CREATE TABLE IF NOT EXISTS staged_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
      object_type TEXT, object_id TEXT, payload TEXT NOT NULL, stripe_created INTEGER NOT NULL, received_at TEXT NOT NULL)`,
  );
}

/**
 * The request thread's connection: the staging file, with the main file attached as `app` for
 * the duplicate check (only ever read through this connection).
 */
export async function openStaging(storage: string): Promise<RawSqlite> {
  const staging = await openRawSqlite(stagingPath(storage));
  await ensureSchema(staging);
  // A checkpoint copies the WAL into the file and syncs it, in the commit that crosses the WAL's
  // 1,000 pages: on this connection that commit holds up every delivery waiting on it (p99 27 ->
  // 21-22 ms in bench/webhooks). The apply thread's mover writes this file too (its deletes) and
  // checkpoints it there; whatever is staged is moved, so its commits keep coming.
  await staging.run('PRAGMA wal_autocheckpoint=0');
  await staging.run('ATTACH DATABASE ? AS app', [storage]);
  return staging;
}

/**
 * Stages the new events of a batch; for each event, whether it was a duplicate (already in
 * stripe_events, already staged, or repeated in the batch). One statement per (up to) 1,000 events,
 * so one round trip to SQLite's thread: under load each round trip waits for a turn of the busy
 * request thread's event loop, and a delivery's 2xx waits for its commit. The statement takes the
 * staging file's write lock before it starts reading the main file (SQLite opens the statement's
 * transactions in schema order, `main` first), and a staged row is deleted, under that lock, only
 * after its move into stripe_events committed: an event is always found in one place or the
 * other. Applying does not rely on this: a second move of an id is ignored (stripe_events' key).
 */
export function stageNew(staging: RawSqlite, events: Stripe.Event[]): Promise<boolean[]> {
  return insertNewEvents(events, sqliteDate(new Date()), (values, rows) =>
    staging.all<{ id: string }>(
      `INSERT INTO staged_events (${STAGED_COLUMNS}) SELECT * FROM (VALUES ${valuesList(rows, '(?, ?, ?, ?, ?, ?, ?)')}) AS delivered
       WHERE NOT EXISTS (SELECT 1 FROM app.stripe_events WHERE stripe_events.id = delivered.column1)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      values,
    ),
  );
}

/**
 * The apply thread's side: a connection to the main file with the staging file attached. Moving
 * is two steps: an INSERT ... SELECT into stripe_events (a write on the main file, under the
 * single-writer lock; only a read of the staging file), then, once that committed, a DELETE of the
 * moved rows from staging. A crash between the two moves them again, and the conflict on the
 * event id ignores them. Moves run one at a time.
 */
export class StagingMover {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(private readonly connection: RawSqlite) {}

  static async open(storage: string): Promise<StagingMover> {
    const staging = await openRawSqlite(stagingPath(storage));
    await ensureSchema(staging);
    await staging.close();
    const connection = await openRawSqlite(storage);
    await connection.run('ATTACH DATABASE ? AS inbox', [stagingPath(storage)]);
    await connection.run('PRAGMA inbox.synchronous=NORMAL');
    return new StagingMover(connection);
  }

  /**
   * Moves up to `limit` staged rows (all with Infinity), oldest first; resolves with how many.
   * `underWriteLock` runs the main-file write as one of the database's serialised writes.
   */
  move(limit: number, underWriteLock: <T>(work: () => Promise<T>) => Promise<T>): Promise<number> {
    const run = this.tail.then(() => this.moveNow(limit, underWriteLock));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async moveNow(limit: number, underWriteLock: <T>(work: () => Promise<T>) => Promise<T>): Promise<number> {
    const { connection } = this;
    const window = Number.isFinite(limit) ? `LIMIT ${Math.max(1, Math.floor(limit))}` : '';
    const rows = await connection.all<{ last: number | null; count: number }>(
      `SELECT max(seq) AS last, count(*) AS count FROM (SELECT seq FROM inbox.staged_events ORDER BY seq ${window})`,
    );
    const { last, count } = rows[0] ?? { last: null, count: 0 };
    if (last === null || !count) return 0;
    await underWriteLock(() =>
      connection.run(
        `INSERT INTO stripe_events (${STAGED_COLUMNS}, status, attempts) SELECT ${STAGED_COLUMNS}, 'pending', 0 FROM inbox.staged_events WHERE seq <= ? ORDER BY seq ON CONFLICT (id) DO NOTHING`,
        [last],
      ),
    );
    await connection.run('DELETE FROM inbox.staged_events WHERE seq <= ?', [last]);
    return count;
  }

  close(): Promise<void> {
    return this.tail.then(() => this.connection.close());
  }
}

/** How many deliveries wait in the staging file (tests that watch the inbox from outside). */
export async function countStaged(storage: string): Promise<number> {
  const staging = await openRawSqlite(stagingPath(storage));
  try {
    await ensureSchema(staging);
    const rows = await staging.all<{ count: number }>('SELECT count(*) AS count FROM staged_events');
    return rows[0]?.count ?? 0;
  } finally {
    await staging.close();
  }
}
