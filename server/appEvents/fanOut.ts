import type { Database } from '../db/sequelize';
import { chunks } from '../db/bulk';
import { placeholders, sqlIn, sqlOutside } from '../db/sql';
import type { AppEventType } from './emit';

/** Whether any event waits to be fanned out: a read, so an idle poll never takes the writer. */
export async function eventsWaiting(db: Database): Promise<boolean> {
  return (await sqlOutside(db).all('SELECT id FROM app_events WHERE fanned_out = ? LIMIT 1', [false])).length > 0;
}

/**
 * Makes the deliveries of up to `limit` new events: one per active endpoint that listens to the
 * event's type. Two instances may run this at once on PostgreSQL: SKIP LOCKED gives each its own
 * events, and the unique (event, endpoint) key turns any overlap into nothing.
 */
export async function fanOut(db: Database, limit: number, now: Date): Promise<number> {
  return db.write(async (transaction) => {
    const sql = sqlIn(db, transaction);
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const events = await sql.all<{ id: string; type: AppEventType }>(
      `SELECT id, type FROM app_events WHERE fanned_out = ? ORDER BY created_at, id LIMIT ${Math.floor(limit)}${lock}`,
      [false],
    );
    if (!events.length) return 0;
    const endpoints = (await sql.all<{ id: number; events: string }>('SELECT id, events FROM webhook_endpoints WHERE active = ?', [true])).map((e) => ({
      id: Number(e.id),
      events: new Set(JSON.parse(e.events) as AppEventType[]),
    }));
    const rows = events.flatMap((event) =>
      endpoints.filter((e) => e.events.has(event.type)).map((e) => [e.id, event.id, event.type, 'pending', 0, now, now, '[]', 0, now, now]),
    );
    for (const part of chunks(rows, 250)) {
      await sql.run(
        `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, status, attempts, next_attempt_at, window_start, attempt_log, replays, created_at, updated_at)
         VALUES ${part.map(() => `(${placeholders(11)})`).join(', ')} ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
        part.flat(),
      );
    }
    for (const part of chunks(events, 500)) {
      await sql.run(`UPDATE app_events SET fanned_out = ? WHERE id IN (${placeholders(part.length)})`, [true, ...part.map((e) => e.id)]);
    }
    return events.length;
  });
}
