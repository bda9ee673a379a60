import { Op } from 'sequelize';
import type Stripe from 'stripe';
import { StripeEvent } from '../../db/models';
import type { Database } from '../../db/sequelize';
import { sqlIn, sqlOutside } from '../../db/sql';
import type { RawSqlite } from '../../db/sqliteRaw';
import { isTransientPostgresError } from '../../db/transient';
import type { PendingEvent } from '../apply/batch';
import { openStaging, stageNew, StagingMover } from './staging';
import { insertNewEvents, valuesList } from './insertNew';

/**
 * Where webhook events wait between their delivery and their applying: stripe_events, whose
 * `status` (shared/api.ts's EVENT_STATUSES) makes applying exactly-once. Applying an event marks
 * it processed in the transaction that applies it (apply/batch.ts); the rest goes through here.
 *
 * Two implementations: `DirectEventStore` (PostgreSQL, an in-memory SQLite) records deliveries
 * straight into stripe_events; `StagedEventStore` (a SQLite file) records them into a staging
 * file first and moves them into stripe_events before taking pending ones (staging.ts says why).
 * A process may hold one per thread: each opens only what its own calls need.
 */
export interface EventStore {
  /** Stores the events not stored before, in one commit; for each event, whether it was a duplicate. */
  insertNew(events: Stripe.Event[]): Promise<boolean[]>;
  /** Up to `limit` pending events, oldest first. */
  takePending(limit: number): Promise<PendingEvent[]>;
  /** An event that failed to apply: its error, and when it is tried again (null: on replay only). */
  markFailed(event: PendingEvent, error: string, nextAttemptAt: Date | null): Promise<void>;
  /** Failed events whose retry time has come are pending again. */
  requeueDue(): Promise<void>;
  /** Whether anything waits to be applied: recorded and not yet applied, or failed with a retry to come. */
  hasWork(): Promise<boolean>;
  /** Every delivery recorded so far can be read from stripe_events. */
  readable(): Promise<void>;
  close(): Promise<void>;
}

export class DirectEventStore implements EventStore {
  constructor(protected readonly db: Database) {}

  async insertNew(events: Stripe.Event[]): Promise<boolean[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.insertOnce(events);
      } catch (error) {
        // PostgreSQL may end the transaction to break a deadlock (db/transient.ts says how one
        // arises); the insert is idempotent (ON CONFLICT DO NOTHING), so it runs again before
        // Stripe is told 500.
        if (attempt >= 3 || !isTransientPostgresError(error)) throw error;
      }
    }
  }

  private insertOnce(events: Stripe.Event[]): Promise<boolean[]> {
    // Another instance (PostgreSQL) storing the same event at the same moment waits on the unique
    // key and then sees a conflict, so each event is stored once.
    return this.db.write((transaction) => {
      const sql = sqlIn(this.db, transaction);
      return insertNewEvents(events, new Date(), (values, rows) =>
        sql.all<{ id: string }>(
          `INSERT INTO stripe_events (${COLUMNS}) VALUES ${valuesList(rows, `(?, ?, ?, ?, 'pending', 0, ?, ?, ?)`)} ON CONFLICT (id) DO NOTHING RETURNING id`,
          values,
        ),
      );
    });
  }

  takePending(limit: number): Promise<PendingEvent[]> {
    return sqlOutside(this.db).all<PendingEvent>(
      `SELECT id, type, payload, attempts FROM stripe_events WHERE status = 'pending' ORDER BY stripe_created, received_at, id LIMIT ${Math.floor(limit)}`,
    );
  }

  async markFailed(event: PendingEvent, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.db.write((transaction) =>
      StripeEvent.update(
        { status: 'failed', error: error.slice(0, 2000), attempts: event.attempts + 1, nextAttemptAt },
        // Still pending: another instance may have applied it meanwhile (PostgreSQL), and that stands.
        { where: { id: event.id, status: 'pending' }, transaction },
      ),
    );
  }

  async requeueDue(): Promise<void> {
    const due = { status: 'failed', nextAttemptAt: { [Op.lte]: new Date() } };
    if (!(await StripeEvent.count({ where: due }))) return;
    await this.db.write((transaction) => StripeEvent.update({ status: 'pending' }, { where: due, transaction }));
  }

  async hasWork(): Promise<boolean> {
    const [row] = await sqlOutside(this.db).all<{ waiting: number | boolean }>(`SELECT ${WORK_IN_STRIPE_EVENTS('stripe_events')} AS waiting`);
    return Boolean(row?.waiting);
  }

  readable(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Pending events, or failed ones that wait for an automatic retry, in `table` (stripe_events, maybe through an attachment). */
const WORK_IN_STRIPE_EVENTS = (table: string) =>
  `EXISTS (SELECT 1 FROM ${table} WHERE status = 'pending') OR EXISTS (SELECT 1 FROM ${table} WHERE status = 'failed' AND next_attempt_at IS NOT NULL)`;

/** insertNewEvents' row, with the status and attempts of a new event in between. */
const COLUMNS = 'id, type, object_type, object_id, status, attempts, payload, stripe_created, received_at';

/**
 * A SQLite file: deliveries are staged in a file of their own (`<db>-inbox`) so that a delivery's
 * commit never waits behind applying's transactions in the main file; taking pending events first
 * moves what is staged. The request thread records through one of these, the apply thread takes
 * through another; each opens its own connection on first use.
 */
export class StagedEventStore extends DirectEventStore {
  private staging: Promise<RawSqlite> | null = null;
  private mover: Promise<StagingMover> | null = null;

  constructor(
    db: Database,
    private readonly storage: string,
  ) {
    super(db);
  }

  /** The staging file, with the main file attached as `app` for the duplicate check and hasWork. */
  private stagingConnection(): Promise<RawSqlite> {
    this.staging ??= openStaging(this.storage);
    return this.staging;
  }

  private stagingMover(): Promise<StagingMover> {
    this.mover ??= StagingMover.open(this.storage);
    return this.mover;
  }

  override async insertNew(events: Stripe.Event[]): Promise<boolean[]> {
    return stageNew(await this.stagingConnection(), events);
  }

  /** Moves a few batches' worth of staged deliveries first, so a long backlog does not hold the writer long. */
  override async takePending(limit: number): Promise<PendingEvent[]> {
    await (await this.stagingMover()).move(limit * 4, this.db.enqueue);
    return super.takePending(limit);
  }

  override async hasWork(): Promise<boolean> {
    const staging = await this.stagingConnection();
    const [row] = await staging.all<{ waiting: number }>(
      `SELECT EXISTS (SELECT 1 FROM staged_events) OR ${WORK_IN_STRIPE_EVENTS('app.stripe_events')} AS waiting`,
    );
    return Boolean(row?.waiting);
  }

  override async readable(): Promise<void> {
    await (await this.stagingMover()).move(Infinity, this.db.enqueue);
  }

  override async close(): Promise<void> {
    const [staging, mover] = [this.staging, this.mover];
    this.staging = this.mover = null;
    await (await staging)?.close();
    await (await mover)?.close();
  }
}
