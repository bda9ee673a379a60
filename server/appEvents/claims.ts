import { randomBytes } from 'node:crypto';
import type { Database } from '../db/sequelize';
import type { DeliveryAttempt } from '../db/models/WebhookDelivery';
import { placeholders, sqlIn, sqlOutside } from '../db/sql';
import { isoOf } from './stateRows';

export interface ClaimedDelivery {
  id: number;
  endpointId: number;
  attempts: number;
  windowStart: Date;
  attemptLog: DeliveryAttempt[];
  claimToken: string;
  url: string;
  secret: string;
  event: { id: string; type: string; createdAt: string; data: unknown };
}

/** Whether a delivery is due (or a lease ran out): a read, so an idle poll never takes the writer. */
export async function deliveriesDue(db: Database, now: Date): Promise<boolean> {
  const rows = await sqlOutside(db).all(
    `SELECT id FROM webhook_deliveries WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND claimed_until < ?) LIMIT 1`,
    [now, now],
  );
  return rows.length > 0;
}

type Raw = Record<string, unknown>;

/**
 * Takes up to `limit` due deliveries of active endpoints for this worker, under a lease. The
 * UPDATE re-checks status = 'pending', and on PostgreSQL the rows are locked with SKIP LOCKED, so
 * of several instances exactly one takes a delivery; one whose worker died before settling goes
 * back to pending when its lease ends (its `webhook-id` is the same when it is sent again).
 */
export async function claimDeliveries(db: Database, limit: number, leaseMs: number, now: Date): Promise<ClaimedDelivery[]> {
  const token = randomBytes(12).toString('hex');
  const claimed = await db.write(async (transaction) => {
    const sql = sqlIn(db, transaction);
    await sql.run(`UPDATE webhook_deliveries SET status = 'pending', claim_token = NULL, claimed_until = NULL WHERE status = 'sending' AND claimed_until < ?`, [
      now,
    ]);
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE OF d SKIP LOCKED' : '';
    return sql.all<Raw>(
      `UPDATE webhook_deliveries SET status = 'sending', claim_token = ?, claimed_until = ?, attempts = attempts + 1, last_attempt_at = ?, updated_at = ?
       WHERE status = 'pending' AND id IN (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND e.active = ?
          ORDER BY d.next_attempt_at, d.id LIMIT ${Math.floor(limit)}${lock}
       )
       RETURNING id, endpoint_id AS "endpointId", event_id AS "eventId", attempts, window_start AS "windowStart", attempt_log AS "attemptLog"`,
      [token, new Date(now.getTime() + leaseMs), now, now, now, true],
    );
  });
  if (!claimed.length) return [];
  const eventIds = [...new Set(claimed.map((row) => String(row.eventId)))];
  const endpointIds = [...new Set(claimed.map((row) => Number(row.endpointId)))];
  const sql = sqlOutside(db);
  const events = new Map(
    (await sql.all<Raw>(`SELECT id, type, data, created_at AS "createdAt" FROM app_events WHERE id IN (${placeholders(eventIds.length)})`, eventIds)).map(
      (e) => [String(e.id), e],
    ),
  );
  const endpoints = new Map(
    (await sql.all<Raw>(`SELECT id, url, secret FROM webhook_endpoints WHERE id IN (${placeholders(endpointIds.length)})`, endpointIds)).map((e) => [
      Number(e.id),
      e,
    ]),
  );
  return claimed.flatMap((row) => {
    const event = events.get(String(row.eventId));
    const endpoint = endpoints.get(Number(row.endpointId));
    if (!event || !endpoint) return [];
    return [
      {
        id: Number(row.id),
        endpointId: Number(row.endpointId),
        attempts: Number(row.attempts),
        windowStart: new Date(isoOf(row.windowStart) ?? now.toISOString()),
        attemptLog: JSON.parse(String(row.attemptLog ?? '[]')) as DeliveryAttempt[],
        claimToken: token,
        url: String(endpoint.url),
        secret: String(endpoint.secret),
        event: { id: String(event.id), type: String(event.type), createdAt: isoOf(event.createdAt) ?? '', data: JSON.parse(String(event.data)) as unknown },
      },
    ];
  });
}
