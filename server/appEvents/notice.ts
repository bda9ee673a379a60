import { bestAccess } from '../billing/access';
import { valueEntitlements, type FeatureCatalog } from '../billing/entitlements';
import { lockFor, type Database } from '../db/sequelize';
import { sqlIn, sqlOutside, type Sql } from '../db/sql';
import { paymentEvents, subscriptionEvents } from './diff';
import { insertAppEvents, type NewAppEvent } from './insert';
import { accessPolicyIn, listenedTypes } from './reads';
import { NOTHING_ANNOUNCED, readAnnounced, saveAnnounced, type AnnouncedState } from './snapshots';
import { customerFacts, paymentsOf, subscriptionsOf, type PaymentState, type SubscriptionState } from './stateRows';

/** Whether a customer waits to be compared: a read, so an idle poll never takes the writer. */
export async function changesWaiting(db: Database): Promise<boolean> {
  return (await sqlOutside(db).all('SELECT customer_id FROM app_state WHERE dirty = ? LIMIT 1', [true])).length > 0;
}

async function featureCatalog(sql: Sql): Promise<FeatureCatalog> {
  const features = await sql.all<{ id: number; key: string; kind: string }>('SELECT id, key, kind FROM features ORDER BY key');
  if (!features.length) return { features: [], values: [], perSeat: new Map() };
  const values = await sql.all<{ planId: number; featureId: number; value: number }>(
    'SELECT plan_id AS "planId", feature_id AS "featureId", value FROM plan_features',
  );
  const plans = await sql.all<{ id: number; perSeat: unknown }>('SELECT id, per_seat AS "perSeat" FROM plans');
  return {
    features: features.map((f) => ({ id: Number(f.id), key: f.key, kind: f.kind })),
    values: values.map((v) => ({ planId: Number(v.planId), featureId: Number(v.featureId), value: Number(v.value) })),
    perSeat: new Map(plans.map((p) => [Number(p.id), p.perSeat === true || p.perSeat === 1 || p.perSeat === '1'])),
  };
}

const group = <T extends { customerId: number }>(rows: readonly T[]) => {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.customerId);
    if (list) list.push(row);
    else map.set(row.customerId, [row]);
  }
  return map;
};

/** The payments a customer has that the apps were not told of: newer than announced, or waiting then. */
function unannouncedPayments(all: readonly PaymentState[], was: AnnouncedState): PaymentState[] {
  return all.filter((p) => p.id > was.lastPaymentId || String(p.id) in was.waiting || p.status === 'requires_action');
}

/**
 * Compares up to `limit` marked customers with what the apps were last told and writes Recur's
 * events for the differences (DESIGN §3.2), with the new snapshots, in one transaction: an event
 * exists exactly when its snapshot moved, so each change is announced once, also across
 * instances (on PostgreSQL this takes the apply lock, so it never runs beside a batch).
 *
 * A replayed, duplicated or older Stripe event leaves the rows as they were, and so makes no
 * event. Changes that land between two comparisons are announced together: a subscription made
 * and updated in one burst is one `subscription.created` with its latest state.
 *
 * Returns how many customers were compared.
 */
export async function noticeStateChanges(db: Database, limit: number, now = new Date()): Promise<number> {
  return db.write(async (transaction) => {
    await lockFor(db, transaction, 'recur:apply');
    const sql = sqlIn(db, transaction);
    const marked = await sql.all<{ customerId: number | string }>(
      `SELECT customer_id AS "customerId" FROM app_state WHERE dirty = ? ORDER BY customer_id LIMIT ${Math.floor(limit)}`,
      [true],
    );
    const ids = marked.map((row) => Number(row.customerId));
    if (!ids.length) return 0;
    const announced = await readAnnounced(sql, ids);
    const listened = await listenedTypes(sql);
    const subscriptions = group<SubscriptionState>(await subscriptionsOf(sql, ids));
    const oldest = Math.min(...ids.map((id) => announced.get(id)?.lastPaymentId ?? 0));
    const waitingIds = ids.flatMap((id) => Object.keys(announced.get(id)?.waiting ?? {}).map(Number));
    const payments = group(await paymentsOf(sql, ids, oldest, waitingIds));
    const facts = await customerFacts(sql, ids);
    const policy = await accessPolicyIn(sql);
    const catalog = listened.has('entitlements.changed') ? await featureCatalog(sql) : null;

    const events: NewAppEvent[] = [];
    const snapshots: { customerId: number; state: AnnouncedState; dirty: boolean }[] = [];
    for (const customerId of ids) {
      const was = announced.get(customerId) ?? NOTHING_ANNOUNCED;
      const is = subscriptions.get(customerId) ?? [];
      const newPayments = unannouncedPayments(payments.get(customerId) ?? [], was);
      snapshots.push({
        customerId,
        dirty: false,
        state: {
          subscriptions: is,
          lastPaymentId: Math.max(was.lastPaymentId, ...newPayments.map((p) => p.id)),
          waiting: Object.fromEntries(newPayments.filter((p) => p.status === 'requires_action').map((p) => [String(p.id), p.status])),
        },
      });
      const who = facts.get(customerId);
      if (!who) continue;
      const before = Object.entries(was.waiting).map(([id, status]) => ({ id: Number(id), status }));
      const changes = subscriptionEvents(was.subscriptions, is, who);
      events.push(...changes, ...paymentEvents(before, newPayments, who));
      if (!changes.length) continue;
      // Access and entitlements follow from the subscriptions alone: unchanged rows, unchanged answers.
      const accessBefore = bestAccess(was.subscriptions, policy, now);
      const accessAfter = bestAccess(is, policy, now);
      if (accessBefore.entitled !== accessAfter.entitled || accessBefore.graceUntil !== accessAfter.graceUntil) {
        events.push({ type: 'access.changed', data: { ...who, access: accessAfter, previous: accessBefore } });
      }
      if (catalog?.features.length) {
        const featuresBefore = valueEntitlements(was.subscriptions, catalog, policy, now);
        const featuresAfter = valueEntitlements(is, catalog, policy, now);
        if (JSON.stringify(featuresBefore) !== JSON.stringify(featuresAfter)) {
          events.push({ type: 'entitlements.changed', data: { ...who, features: featuresAfter, previous: featuresBefore } });
        }
      }
    }
    await insertAppEvents(
      sql,
      events.filter((event) => listened.has(event.type)),
      now,
    );
    await saveAnnounced(sql, snapshots, now);
    return ids.length;
  });
}

/** Compares every marked customer now (tests, and a worker's flush). */
export async function noticeAllStateChanges(db: Database, now = new Date()): Promise<void> {
  while ((await noticeStateChanges(db, 500, now)) === 500);
}
