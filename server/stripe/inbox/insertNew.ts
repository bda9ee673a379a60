import type Stripe from 'stripe';
import type { SqlValue } from '../../db/sql';
import { payloadOf } from './verify';

/** SQLite allows 32,766 bound values a statement; 7 a row keeps 1,000 rows well inside that. */
const ROWS_PER_STATEMENT = 1000;

/**
 * Inserts the events not stored before, up to 1,000 a statement, and says for each whether it was
 * a duplicate: already stored, or repeated in the batch. Each row is `(id, type, object_type,
 * object_id, payload, stripe_created, received_at)`; `insertChunk` runs the statement (into the
 * staging file or into stripe_events) and returns the ids it inserted (`RETURNING id`), so a
 * duplicate needs no lookup first.
 */
export async function insertNewEvents(
  events: Stripe.Event[],
  receivedAt: SqlValue,
  insertChunk: (values: SqlValue[], rows: number) => Promise<{ id: string }[]>,
): Promise<boolean[]> {
  const inserted = new Set<string>();
  for (let start = 0; start < events.length; start += ROWS_PER_STATEMENT) {
    const chunk = events.slice(start, start + ROWS_PER_STATEMENT);
    const values = chunk.flatMap((event) => {
      const object = event.data.object as { object?: string; id?: string };
      return [event.id, event.type, object.object ?? null, object.id ?? null, payloadOf(event), event.created, receivedAt];
    });
    for (const row of await insertChunk(values, chunk.length)) inserted.add(row.id);
  }
  // The first copy of an id that was inserted is the new one; every other copy is a duplicate.
  return events.map((event) => !inserted.delete(event.id));
}

/** `(?, ?, …), (?, ?, …)`: `rows` tuples of `tuple`. */
export const valuesList = (rows: number, tuple: string) => Array.from({ length: rows }, () => tuple).join(', ');
