import { chunks } from '../db/bulk';
import { placeholders, type Sql } from '../db/sql';
import { subscriptionsOf, type SubscriptionState } from './stateRows';

/**
 * What the apps were last told about one customer (app_state.snapshot, migration 027): their
 * subscriptions, and how far their payments were announced. The worker compares the present
 * with it; an unchanged row makes no event.
 */
export interface AnnouncedState {
  subscriptions: SubscriptionState[];
  /** payments up to this id were announced (or were there before anyone listened) */
  lastPaymentId: number;
  /** payments that waited for the customer (requires_action), by id: their outcome is still to come */
  waiting: Record<string, string>;
}

/** A customer the apply path created: nothing announced, so everything they have is new. */
export const NOTHING_ANNOUNCED: AnnouncedState = { subscriptions: [], lastPaymentId: 0, waiting: {} };

type Row = { customerId: number | string; snapshot: string | null };

export async function readAnnounced(sql: Sql, customerIds: readonly number[]): Promise<Map<number, AnnouncedState>> {
  const out = new Map<number, AnnouncedState>();
  for (const part of chunks(customerIds, 500)) {
    const rows = await sql.all<Row>(`SELECT customer_id AS "customerId", snapshot FROM app_state WHERE customer_id IN (${placeholders(part.length)})`, part);
    for (const row of rows) out.set(Number(row.customerId), row.snapshot ? (JSON.parse(row.snapshot) as AnnouncedState) : NOTHING_ANNOUNCED);
  }
  return out;
}

/** The customers among `customerIds` that have a row: their state before a batch is already kept. */
export async function withSnapshot(sql: Sql, customerIds: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const part of chunks(customerIds, 500)) {
    const rows = await sql.all<{ customerId: number | string }>(
      `SELECT customer_id AS "customerId" FROM app_state WHERE customer_id IN (${placeholders(part.length)})`,
      part,
    );
    for (const row of rows) out.add(Number(row.customerId));
  }
  return out;
}

/**
 * The present state of customers Recur already had when a listener first cares about them: it
 * stands for "what was announced", so the change a batch makes next is the first thing sent.
 */
export async function presentState(sql: Sql, customerIds: readonly number[]): Promise<Map<number, AnnouncedState>> {
  const out = new Map<number, AnnouncedState>(customerIds.map((id) => [id, { subscriptions: [], lastPaymentId: 0, waiting: {} }]));
  for (const s of await subscriptionsOf(sql, customerIds)) out.get(s.customerId)!.subscriptions.push(s);
  for (const part of chunks(customerIds, 500)) {
    const tops = await sql.all<{ customerId: number | string; top: number | string | null }>(
      `SELECT customer_id AS "customerId", MAX(id) AS "top" FROM payments WHERE customer_id IN (${placeholders(part.length)}) GROUP BY customer_id`,
      part,
    );
    for (const row of tops) out.get(Number(row.customerId))!.lastPaymentId = Number(row.top ?? 0);
    const waiting = await sql.all<{ id: number | string; customerId: number | string; status: string }>(
      `SELECT id, customer_id AS "customerId", status FROM payments WHERE customer_id IN (${placeholders(part.length)}) AND status = 'requires_action'`,
      part,
    );
    for (const row of waiting) out.get(Number(row.customerId))!.waiting[String(row.id)] = row.status;
  }
  return out;
}

/** Writes snapshots (null: nothing announced) and whether each customer still needs comparing, many rows per statement. */
export async function saveAnnounced(sql: Sql, rows: readonly { customerId: number; state: AnnouncedState | null; dirty: boolean }[], now: Date): Promise<void> {
  for (const part of chunks(rows, 400)) {
    await sql.run(
      `INSERT INTO app_state (customer_id, snapshot, dirty, updated_at) VALUES ${part.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (customer_id) DO UPDATE SET snapshot = excluded.snapshot, dirty = excluded.dirty, updated_at = excluded.updated_at`,
      part.flatMap((row) => [row.customerId, row.state ? JSON.stringify(row.state) : null, row.dirty, now]),
    );
  }
}

/**
 * Marks customers a batch may have changed. A customer without a row is one the batch created
 * (the apply path kept a row for every customer it already had), so nothing was announced yet.
 */
export async function markDirty(sql: Sql, customerIds: readonly number[], now: Date): Promise<void> {
  for (const part of chunks(customerIds, 400)) {
    await sql.run(
      `INSERT INTO app_state (customer_id, snapshot, dirty, updated_at) VALUES ${part.map(() => '(?, NULL, ?, ?)').join(', ')}
       ON CONFLICT (customer_id) DO UPDATE SET dirty = excluded.dirty, updated_at = excluded.updated_at`,
      part.flatMap((id) => [id, true, now]),
    );
  }
}
