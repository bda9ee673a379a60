import { ACCESS_POLICY_KEY, accessPolicyOf } from '../billing/settings';
import type { Sql } from '../db/sql';
import type { AccessPolicy } from '../../shared/access';
import type { AppEventType } from './emit';

// Plain statements, on the caller's transaction: these run inside Stripe's apply path.

/** Event types some active endpoint listens to: with none, nothing needs comparing or writing. */
export async function listenedTypes(sql: Sql): Promise<Set<AppEventType>> {
  const rows = await sql.all<{ events: string }>('SELECT events FROM webhook_endpoints WHERE active = ?', [true]);
  return new Set(rows.flatMap((row) => JSON.parse(row.events) as AppEventType[]));
}

/** The access policy as settings hold it (billing/settings.ts reads the same row through Sequelize). */
export async function accessPolicyIn(sql: Sql): Promise<AccessPolicy> {
  const [row] = await sql.all<{ value: string }>('SELECT value FROM settings WHERE key = ?', [ACCESS_POLICY_KEY]);
  return accessPolicyOf(row?.value);
}
