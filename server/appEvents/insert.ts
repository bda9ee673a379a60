import { chunks } from '../db/bulk';
import { placeholders, type Sql } from '../db/sql';
import { newMessageId, type AppEventType } from './emit';

export interface NewAppEvent {
  type: AppEventType;
  data: Record<string, unknown>;
}

/**
 * emitAppEvent for the apply path, where a batch can hold thousands of changes: many rows per
 * statement, on the transaction's own connection (db/sql.ts), in the order given.
 */
export async function insertAppEvents(sql: Sql, events: readonly NewAppEvent[], now = new Date()): Promise<void> {
  // 5 values a row: far below SQLite's 32,766 bound parameters per statement
  for (const part of chunks(events, 500)) {
    const params = part.flatMap((event) => [newMessageId(now.getTime()), event.type, JSON.stringify(event.data), false, now]);
    await sql.run(`INSERT INTO app_events (id, type, data, fanned_out, created_at) VALUES ${part.map(() => `(${placeholders(5)})`).join(', ')}`, params);
  }
}
