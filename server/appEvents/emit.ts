import { randomBytes } from 'node:crypto';
import { Sequelize, type Transaction } from 'sequelize';
import type { AppEventType } from '../../shared/webhooks';

/** Recur's own events, sent to the business's apps (DESIGN §3.2). Not Stripe's raw events. The list lives in shared/ (the admin shows it). */
export type { AppEventType } from '../../shared/webhooks';
export { APP_EVENT_TYPES } from '../../shared/webhooks';

/** events emitted in one millisecond by this process keep their order */
let sequence = 0;

/**
 * `msg_` + a time-ordered, random id. Standard Webhooks (https://www.standardwebhooks.com/,
 * spec "webhook-id") asks for a unique id per message that stays the same on retries; the
 * prefix follows the spec's own examples. The time prefix keeps ids roughly in emission order.
 */
export function newMessageId(now = Date.now()): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `msg_${now.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${randomBytes(8).toString('hex')}`;
}

/**
 * The transaction's own Sequelize: the apply path runs in a worker thread whose models may not
 * be initialised, and on SQLite statements must run on the transaction's connection to join it.
 */
function sequelizeOf(transaction: Transaction): Sequelize {
  const sequelize: unknown = Reflect.get(transaction, 'sequelize');
  if (!(sequelize instanceof Sequelize)) throw new Error('emitAppEvent needs a Sequelize transaction');
  return sequelize;
}

/**
 * Transactional outbox: the event row is written in the caller's transaction, so it exists
 * exactly when the state change it describes committed, and the delivery worker
 * (server/appEvents/worker.ts) fans it out to endpoints afterwards, off the request path.
 */
export async function emitAppEvent(type: AppEventType, data: Record<string, unknown>, transaction: Transaction): Promise<void> {
  const now = new Date();
  await sequelizeOf(transaction).query('INSERT INTO app_events (id, type, data, fanned_out, created_at) VALUES (?, ?, ?, ?, ?)', {
    replacements: [newMessageId(now.getTime()), type, JSON.stringify(data), false, now],
    transaction,
  });
}
