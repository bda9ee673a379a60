import type { Database } from '../db/sequelize';
import { placeholders, sqlIn } from '../db/sql';

/** How long finished deliveries (and the events behind them) stay in the log: replayable for a month. */
export const KEEP_DELIVERED_MS = 30 * 24 * 3_600_000;
const BATCH = 1_000;

/**
 * Prunes what is finished and older than KEEP_DELIVERED_MS: succeeded or failed deliveries, then
 * events fanned out with no delivery left. Pending and sending deliveries are never touched.
 * A batch per transaction, so a large backlog never holds the writer for long. Returns rows deleted.
 */
export async function pruneDelivered(db: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - KEEP_DELIVERED_MS);
  let deleted = 0;
  for (;;) {
    const removed = await db.write(async (transaction) => {
      const sql = sqlIn(db, transaction);
      const deliveries = await sql.all<{ id: number }>(
        `SELECT id FROM webhook_deliveries WHERE status IN ('succeeded', 'failed') AND updated_at < ? LIMIT ${BATCH}`,
        [before],
      );
      if (deliveries.length)
        await sql.run(
          `DELETE FROM webhook_deliveries WHERE id IN (${placeholders(deliveries.length)})`,
          deliveries.map((d) => d.id),
        );
      const events = await sql.all<{ id: string }>(
        `SELECT e.id FROM app_events e WHERE e.fanned_out = ? AND e.created_at < ?
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id) LIMIT ${BATCH}`,
        [true, before],
      );
      if (events.length)
        await sql.run(
          `DELETE FROM app_events WHERE id IN (${placeholders(events.length)})`,
          events.map((e) => e.id),
        );
      return deliveries.length + events.length;
    });
    deleted += removed;
    if (removed === 0) return deleted;
  }
}
