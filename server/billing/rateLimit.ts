import type { Database } from '../db/sequelize';
import { sqlIn } from '../db/sql';

export interface RateDecision {
  allowed: boolean;
  /** when the window ends, for Retry-After (at least 1) */
  retryAfterSeconds: number;
}

/**
 * Counts one hit on `bucket` in the current clock-aligned window of `windowMs` and says whether it
 * is within `limit`. One upsert both counts and reads the count, so concurrent requests — several
 * instances on one PostgreSQL database too — each get a distinct number and at most `limit` pass
 * per window; nothing is read first and written later. Refused hits count too: a client that
 * keeps hammering stays refused until the window ends.
 */
export async function hitRateLimit(db: Database, bucket: string, limit: number, windowMs: number, now = Date.now()): Promise<RateDecision> {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  // Plain statements on the transaction's connection: Sequelize runs an INSERT on SQLite without
  // reading what RETURNING gives back.
  const rows = await db.write((transaction) =>
    sqlIn(db, transaction).all<{ hits: number | string }>(
      `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
       RETURNING hits`,
      [bucket.slice(0, 200), windowStart],
    ),
  );
  const hits = Number(rows[0]?.hits ?? Number.POSITIVE_INFINITY);
  return { allowed: hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
}

/** Deletes windows that ended before `before` (ms): their counts no longer decide anything. */
export async function pruneRateLimits(db: Database, before: number): Promise<void> {
  await db.write((transaction) => db.sequelize.query('DELETE FROM rate_limits WHERE window_start < ?', { replacements: [before], transaction }));
}
