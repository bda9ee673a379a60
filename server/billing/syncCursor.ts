import type { Database } from '../db/sequelize';
import { sqlOutside, type Sql } from '../db/sql';

export type ListName = 'customers' | 'subscriptions' | 'invoices';
export const LISTS: readonly ListName[] = ['customers', 'subscriptions', 'invoices'];

/** How far a sync got through one of Stripe's lists. */
export interface ListCursor {
  /** the last object of the last page applied: the next page starts after it (Stripe's `starting_after`) */
  after: string | null;
  /** the list was read to its end */
  done: boolean;
  /** objects read and applied so far */
  read: number;
  /** pages applied so far */
  pages: number;
}

/**
 * A sync's place in Stripe's lists, kept in `settings` (one row) and written in the transaction
 * that applies each page: a sync killed halfway starts again after the last page it applied,
 * neither reading nor applying that page twice. Deleted once the sync has read every list.
 */
export interface SyncCursor {
  version: 1;
  /** when the sync that wrote it began (unix seconds): what it applied carries a later `last_event_at` */
  startedAt: number;
  lists: Record<ListName, ListCursor>;
}

const KEY = 'stripe_sync_cursor';

/** A cursor older than this is not resumed: what it skipped may have changed since, so the sync reads everything again. */
export const CURSOR_MAX_AGE_S = 24 * 60 * 60;

export function freshCursor(now: number): SyncCursor {
  const list = (): ListCursor => ({ after: null, done: false, read: 0, pages: 0 });
  return { version: 1, startedAt: now, lists: { customers: list(), subscriptions: list(), invoices: list() } };
}

export async function readSyncCursor(db: Database): Promise<SyncCursor | null> {
  const rows = await sqlOutside(db).all<{ value: string }>(`SELECT value FROM settings WHERE "key" = ?`, [KEY]);
  if (!rows[0]) return null;
  try {
    const cursor = JSON.parse(rows[0].value) as SyncCursor;
    return cursor.version === 1 && cursor.lists ? cursor : null;
  } catch {
    return null;
  }
}

/** Writes the cursor with the statement runner of the transaction that applied the page. */
export async function writeSyncCursor(sql: Sql, cursor: SyncCursor): Promise<void> {
  await sql.run(
    `INSERT INTO settings ("key", value, updated_at) VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [KEY, JSON.stringify(cursor), new Date()],
  );
}

export async function clearSyncCursor(db: Database): Promise<void> {
  await db.write((transaction) => db.sequelize.query(`DELETE FROM settings WHERE "key" = ?`, { replacements: [KEY], transaction }));
}
