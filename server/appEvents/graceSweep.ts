import { bestAccess } from '../billing/access';
import { entitlementsFor } from '../billing/entitlements';
import type { Database } from '../db/sequelize';
import { sqlIn } from '../db/sql';
import { accessPolicyIn, listenedTypes } from './reads';
import { insertAppEvents, type NewAppEvent } from './insert';
import { customerFacts, subscriptionsOf } from './stateRows';
import type { SubscriptionStatus } from '../../shared/subscriptionStatus';

/** The settings row holding when the last sweep looked: one watermark for every instance. */
const WATERMARK_KEY = 'grace_sweep_at';

/** Statuses whose access runs out by the clock alone, with no Stripe event to say so (shared/access.ts). */
const GRACE_STATUSES = ['past_due', 'unpaid', 'incomplete'] satisfies SubscriptionStatus[];

/**
 * A grace period (past_due, unpaid, incomplete) ends on the clock, not on a Stripe event, so the
 * apply path never sees access end: this sweep does. For every customer entitled at the last sweep
 * and not now, it writes `access.changed` (and `entitlements.changed`, every feature off), once:
 * the watermark lives in the database and is moved in the same transaction, row-locked on
 * PostgreSQL, so two instances never announce one ending twice. The first sweep only sets it.
 */
export async function announceEndedGraces(db: Database, now: Date): Promise<number> {
  return db.write(async (transaction) => {
    const sql = sqlIn(db, transaction);
    const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [mark] = await sql.all<{ value: string }>(`SELECT value FROM settings WHERE key = ?${lock}`, [WATERMARK_KEY]);
    const since = mark ? new Date(JSON.parse(mark.value) as string) : null;
    if (mark) await sql.run('UPDATE settings SET value = ?, updated_at = ? WHERE key = ?', [JSON.stringify(now.toISOString()), now, WATERMARK_KEY]);
    else
      await sql.run('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING', [
        WATERMARK_KEY,
        JSON.stringify(now.toISOString()),
        now,
      ]);
    if (!since || since >= now) return 0;
    const listened = await listenedTypes(sql);
    if (!listened.has('access.changed') && !listened.has('entitlements.changed')) return 0;

    const candidates = await sql.all<{ customerId: number }>(
      `SELECT DISTINCT customer_id AS "customerId" FROM subscriptions WHERE status IN (${GRACE_STATUSES.map(() => '?').join(', ')})`,
      GRACE_STATUSES,
    );
    const ids = candidates.map((c) => Number(c.customerId));
    if (!ids.length) return 0;
    const policy = await accessPolicyIn(sql);
    const subscriptions = await subscriptionsOf(sql, ids);
    const facts = await customerFacts(sql, ids);
    const events: NewAppEvent[] = [];
    for (const customerId of ids) {
      const own = subscriptions.filter((s) => s.customerId === customerId);
      const before = bestAccess(own, policy, since);
      const after = bestAccess(own, policy, now);
      const who = facts.get(customerId);
      if (!who || !before.entitled || after.entitled) continue;
      events.push({ type: 'access.changed', data: { ...who, access: after, previous: before } });
      const features = await entitlementsFor(customerId, transaction);
      if (Object.keys(features).length) events.push({ type: 'entitlements.changed', data: { ...who, features } });
    }
    const kept = events.filter((event) => listened.has(event.type));
    await insertAppEvents(sql, kept, now);
    return kept.length;
  });
}
