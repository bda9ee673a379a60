import type { Transaction } from 'sequelize';
import type { Database } from './sequelize';

/**
 * Kinds of keyed locks. Each kind is its own key space (the first half of PostgreSQL's two-part
 * advisory key), so an e-mail never collides with an IP address, and a transaction that takes
 * several kinds always takes them in ascending kind order: two such transactions cannot each
 * hold a lock the other waits for.
 */
export const LOCK_KINDS = {
  adminLoginEmail: 1,
  adminLoginIp: 2,
  portalLinkEmail: 3,
  portalLinkIp: 4,
} as const;

export type LockKind = (typeof LOCK_KINDS)[keyof typeof LOCK_KINDS];

/**
 * Serialises check-then-write work on the same keys across every instance sharing a PostgreSQL
 * database (a count and the insert it allows, say), until `transaction` ends. On SQLite all writes
 * of the one process already run one at a time through db.write's queue, so there is nothing to take.
 */
export async function lockKeys(db: Database, transaction: Transaction, keys: readonly (readonly [LockKind, string])[]): Promise<void> {
  if (db.dialect !== 'postgres') return;
  const ordered = [...keys].sort((a, b) => a[0] - b[0]);
  for (const [kind, value] of ordered) {
    await db.sequelize.query('SELECT pg_advisory_xact_lock(?::integer, hashtext(?))', { replacements: [kind, value], transaction });
  }
}
