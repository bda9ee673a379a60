import type Stripe from 'stripe';
import type { Database } from '../../db/sequelize';
import type { RawSqlite } from '../../db/sqliteRaw';
import { sqlIn, type Sql, type SqlValue } from '../../db/sql';
import { stageNew } from './staging';
import { payloadOf } from './verify';

interface Waiting {
  event: Stripe.Event;
  resolve(duplicate: boolean): void;
  reject(error: unknown): void;
}

/**
 * Makes each delivered event durable before its 2xx, with group commit: deliveries that arrive
 * while a write is in flight are stored together in the next transaction, so one commit serves
 * many requests. The inbox is keyed by Stripe's event id: a redelivery is recognised, not stored twice.
 */
export class EventRecorder {
  private waiting: Waiting[] = [];
  private flushing = false;

  /**
   * @param staging SQLite on a file: the staging file's connection (see staging.ts), where ingest
   *   commits without waiting for the main file's writer
   */
  constructor(
    private readonly db: Database,
    private readonly onStored: () => void,
    private readonly staging: Promise<RawSqlite> | null = null,
  ) {}

  /** Resolves once the event is committed; true when it was already in the inbox. */
  record(event: Stripe.Event): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Resolves once every delivery handed over so far is committed (or refused). */
  async drained(): Promise<void> {
    while (this.flushing) await this.flushed;
  }

  private flushed: Promise<void> = Promise.resolve();

  private flush(): Promise<void> {
    this.flushed = this.flushLoop();
    return this.flushed;
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, 500);
      try {
        const duplicates = await this.store(batch.map((w) => w.event));
        // Kicked before the 2xx goes out, so an idle() that follows a delivery waits for its apply.
        this.onStored();
        for (const [i, w] of batch.entries()) w.resolve(duplicates[i]!);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.flushing = false;
  }

  /** Stores the new events of a batch; for each, whether it was a duplicate (already stored, or repeated in the batch). */
  private store(events: Stripe.Event[]): Promise<boolean[]> {
    if (this.staging) return this.staging.then((staging) => stageNew(staging, events));
    // PostgreSQL (and an in-memory SQLite): the same statement; another instance storing the same event at the same moment
    // waits on the unique key and then sees it as a conflict, so each event is stored once.
    return this.db.write((transaction) => storeNew(sqlIn(this.db, transaction), events, new Date()));
  }
}

const COLUMNS = 'id, type, object_type, object_id, status, attempts, payload, stripe_created, received_at';
/** 9 bound values per row keep a statement well inside the 32,766 a statement may have. */
const ROWS_PER_STATEMENT = 1000;

/** One INSERT per batch; RETURNING says which rows were new, so duplicates need no prior lookup. */
async function storeNew(sql: Sql, events: Stripe.Event[], receivedAt: SqlValue): Promise<boolean[]> {
  const inserted = new Set<string>();
  for (let start = 0; start < events.length; start += ROWS_PER_STATEMENT) {
    const chunk = events.slice(start, start + ROWS_PER_STATEMENT);
    const params = chunk.flatMap((event) => {
      const object = event.data.object as { object?: string; id?: string };
      return [event.id, event.type, object.object ?? null, object.id ?? null, 'pending', 0, payloadOf(event), event.created, receivedAt];
    });
    const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
    const rows = await sql.all<{ id: string }>(`INSERT INTO stripe_events (${COLUMNS}) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`, params);
    for (const row of rows) inserted.add(row.id);
  }
  // The first copy of an id that was inserted is the new one; every other copy is a duplicate.
  return events.map((event) => !inserted.delete(event.id));
}
