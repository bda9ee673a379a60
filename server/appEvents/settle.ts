import type { Database } from '../db/sequelize';
import type { DeliveryAttempt } from '../db/models/WebhookDelivery';
import { placeholders, sqlIn } from '../db/sql';
import { nextAttemptAt, type RetryPolicy } from './backoff';
import type { ClaimedDelivery } from './claims';
import type { AttemptResult } from './send';

/** The delivery log keeps this many attempts per delivery (the counter keeps them all). */
const LOG_LENGTH = 20;

export interface DisabledEndpoint {
  id: number;
  url: string;
  failingSince: string;
}

export interface SettleOptions {
  retry: RetryPolicy;
  disableAfterMs: number;
}

/**
 * Records what became of the attempts, each only while it is still this worker's claim, in one
 * transaction: on SQLite every transaction takes the writer webhook ingest waits on. An endpoint
 * with a success is healthy again; one whose every attempt has failed since `failing_since`, for
 * `disableAfterMs`, is disabled and returned (the caller tells the admins).
 */
export async function settleAttempts(
  db: Database,
  results: readonly { delivery: ClaimedDelivery; result: AttemptResult }[],
  now: Date,
  options: SettleOptions,
): Promise<DisabledEndpoint[]> {
  if (!results.length) return [];
  return db.write(async (transaction) => {
    const sql = sqlIn(db, transaction);
    const healthy = new Set<number>();
    const failing = new Set<number>();
    for (const { delivery, result } of results) {
      const entry: DeliveryAttempt = { at: now.toISOString(), status: result.status, error: result.error, ms: result.ms };
      const log = JSON.stringify([...delivery.attemptLog, entry].slice(-LOG_LENGTH));
      const next = result.ok ? null : nextAttemptAt(delivery.attempts, delivery.windowStart, now, options.retry);
      const status = result.ok ? 'succeeded' : next ? 'pending' : 'failed';
      (result.ok ? healthy : failing).add(delivery.endpointId);
      await sql.run(
        `UPDATE webhook_deliveries SET status = ?, claim_token = NULL, claimed_until = NULL, next_attempt_at = ?, response_status = ?, response_excerpt = ?,
           last_error = ?, attempt_log = ?, delivered_at = ?, updated_at = ? WHERE id = ? AND claim_token = ?`,
        [status, next, result.status, result.excerpt, result.error, log, result.ok ? now : null, now, delivery.id, delivery.claimToken],
      );
    }
    if (healthy.size) {
      const ids = [...healthy];
      await sql.run(`UPDATE webhook_endpoints SET failing_since = NULL, last_success_at = ? WHERE id IN (${placeholders(ids.length)})`, [now, ...ids]);
    }
    const stillFailing = [...failing].filter((id) => !healthy.has(id));
    if (!stillFailing.length) return [];
    const list = placeholders(stillFailing.length);
    await sql.run(`UPDATE webhook_endpoints SET failing_since = ? WHERE failing_since IS NULL AND id IN (${list})`, [now, ...stillFailing]);
    const cutoff = new Date(now.getTime() - options.disableAfterMs);
    const doomed = await sql.all<{ id: number; url: string; failingSince: unknown }>(
      `SELECT id, url, failing_since AS "failingSince" FROM webhook_endpoints WHERE active = ? AND failing_since <= ? AND id IN (${list})`,
      [true, cutoff, ...stillFailing],
    );
    if (!doomed.length) return [];
    const ids = doomed.map((e) => Number(e.id));
    const reason = `every delivery failed for ${Math.round(options.disableAfterMs / 3_600_000)} hours`;
    await sql.run(`UPDATE webhook_endpoints SET active = ?, disabled_at = ?, disabled_reason = ?, updated_at = ? WHERE id IN (${placeholders(ids.length)})`, [
      false,
      now,
      reason,
      now,
      ...ids,
    ]);
    return doomed.map((e) => ({ id: Number(e.id), url: String(e.url), failingSince: String(e.failingSince) }));
  });
}
