import type Stripe from 'stripe';
import { Subscription } from '../../db/models';
import { insertRows } from '../../db/bulk';
import type { Interval } from '../../../shared/money';
import { idOf, newestPerObject, rankOf, ReadAgain, supersedes, toDate, type Snapshot } from '../apply/snapshot';
import { placeholders, sqlOutside } from '../../db/sql';
import { plansForPrices, type PricePlan } from '../apply/pricePlans';
import type { ApplyUnit, Prefetched } from '../apply/unit';
import type { ApplyContext, ObjectHandler } from './types';
import { isNews, queueNotices, type Notice } from '../../notify/fromWebhooks';
import type { SubscriptionItem } from '../../../shared/itemChange';
import type { SubscriptionStatus } from '../../../shared/subscriptionStatus';

/** How far along a subscription's life a status is, for same-second ties (every status Recur knows of; one Stripe adds later ranks 0). */
const STATUS_RANKS: Record<SubscriptionStatus, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  unpaid: 4,
  paused: 4,
  incomplete_expired: 5,
  canceled: 5,
};
const STATUS_RANK = new Map<string, number>(Object.entries(STATUS_RANKS));
const statusRank = (status: string) => STATUS_RANK.get(status) ?? 0;
export const subscriptionRank = (s: Stripe.Subscription) => statusRank(s.status);

const MIRRORED = [
  'customerId',
  'planId',
  'stripePriceId',
  'status',
  'quantity',
  'unitAmount',
  'items',
  'recurringAmount',
  'currency',
  'interval',
  'intervalCount',
  'currentPeriodStart',
  'currentPeriodEnd',
  'cancelAtPeriodEnd',
  'canceledAt',
  'trialEnd',
  'lastEventAt',
  'pauseBehavior',
  'pausedUntil',
  'cancellationFeedback',
  'cancellationComment',
] as const;

/**
 * Every item of a subscription, the base item first: the first whose plan is not an add-on (a
 * subscription made outside Recur may have only unknown prices: then its first item).
 */
export function itemsOf(object: Stripe.Subscription, plans: Map<string, PricePlan>): SubscriptionItem[] {
  const items = object.items.data.map((item) => ({
    id: item.id,
    stripeSubscriptionItemId: item.id,
    stripePriceId: item.price.id,
    planId: plans.get(item.price.id)?.planId ?? null,
    quantity: item.quantity ?? 1,
    unitAmount: item.price.unit_amount ?? 0,
  }));
  const base = Math.max(
    0,
    items.findIndex((item) => !plans.get(item.stripePriceId)?.addon),
  );
  return items.length ? [items[base]!, ...items.filter((_, i) => i !== base)] : [];
}

export async function mirrorSubscriptions(snapshots: Snapshot<Stripe.Subscription>[], unit: ApplyUnit): Promise<void> {
  const newest = newestPerObject(snapshots, subscriptionRank);
  if (!newest.size) return;
  const stripeIds = [...newest.keys()];
  const existing = await unit.sql.all<StateRow & { id: number; customerId: number }>(
    `SELECT id, customer_id AS "customerId", ${STATE_COLUMNS} FROM subscriptions WHERE stripe_subscription_id IN (${placeholders(stripeIds.length)})`,
    stripeIds,
  );
  const byStripeId = new Map(existing.map((row) => [row.stripeId, row]));
  // Subscriptions an older snapshot leaves alone keep their id; the rest come back from the upsert.
  for (const row of existing) unit.subscriptionIds.set(row.stripeId, row.id);
  const priceIds = [...newest.values()].flatMap((s) => s.object.items.data.map((item) => item.price.id));
  const plans = await plansForPrices([...new Set(priceIds)], unit.sql);

  const rows = [];
  for (const [id, snapshot] of newest) {
    const { object, created } = snapshot;
    const row = byStripeId.get(id);
    if (row && !supersedes(created, rankOf(snapshot, subscriptionRank), Number(row.lastEventAt), statusRank(row.status))) continue;
    // The row changed since the prefetch looked (an admin's action mirrored meanwhile) and now ties
    // with this event in another state: which came last, only Stripe can say. The batch is read
    // again, and its prefetch then asks Stripe (readTiedSubscriptions).
    if (
      row &&
      snapshot.eventId !== null &&
      Number(row.lastEventAt) === created &&
      !unit.prefetched.subscriptions.has(id) &&
      storedState(row) !== snapshotState(object)
    ) {
      throw new ReadAgain(`subscription ${id} changed in the same second as event ${snapshot.eventId}`);
    }
    const customerId = unit.customerIds.get(idOf(object.customer) ?? '');
    if (!customerId) throw new Error(`subscription ${id}: customer ${idOf(object.customer)} is not mirrored`);
    // The base item carries the plan; every item has the same period (since API 2025-03 on the items).
    const items = itemsOf(object, plans);
    const base = items[0];
    const item = object.items.data.find((i) => i.id === base?.id);
    const price = item?.price;
    rows.push({
      stripeSubscriptionId: id,
      customerId,
      planId: base?.planId ?? null,
      stripePriceId: price?.id ?? null,
      status: object.status,
      quantity: item?.quantity ?? 1,
      unitAmount: price?.unit_amount ?? 0,
      items: JSON.stringify(items),
      recurringAmount: items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0),
      currency: object.currency,
      interval: (price?.recurring?.interval ?? 'month') as Interval,
      intervalCount: price?.recurring?.interval_count ?? 1,
      currentPeriodStart: toDate(item?.current_period_start),
      currentPeriodEnd: toDate(item?.current_period_end),
      cancelAtPeriodEnd: object.cancel_at_period_end,
      canceledAt: toDate(object.canceled_at),
      trialEnd: toDate(object.trial_end),
      // pause_collection and cancellation_details as Stripe has them (docs.stripe.com/billing/subscriptions/pause-payment, /cancel)
      pauseBehavior: object.pause_collection?.behavior ?? null,
      pausedUntil: toDate(object.pause_collection?.resumes_at),
      cancellationFeedback: object.cancellation_details?.feedback ?? null,
      cancellationComment: object.cancellation_details?.comment ?? null,
      lastEventAt: created,
    });
    unit.touchedCustomers.add(customerId);
    if (row && row.customerId !== customerId) unit.touchedCustomers.add(row.customerId);
  }
  const written = await insertRows(unit.sql, Subscription, rows, { conflict: 'stripeSubscriptionId', update: MIRRORED, newerOnly: 'lastEventAt' });
  for (const [stripeId, id] of written) unit.subscriptionIds.set(stripeId, id);
}

/**
 * Stripe's own notices about a subscription become customer e-mails: the trial ends in three
 * days (customer.subscription.trial_will_end), the subscription has ended (customer.subscription.deleted).
 * Keyed by the subscription (and the trial's end), so a redelivery or a replay queues nothing more.
 */
async function queueSubscriptionNotices(snapshots: Snapshot<Stripe.Subscription>[], unit: ApplyUnit): Promise<void> {
  const notices: Notice[] = [];
  for (const snapshot of snapshots) {
    const { object, type } = snapshot;
    const template =
      type === 'customer.subscription.trial_will_end' ? 'trial_ending' : type === 'customer.subscription.deleted' ? 'subscription_canceled' : null;
    if (!template || !isNews(snapshot, unit.prefetched.at)) continue;
    const subscriptionId = unit.subscriptionIds.get(object.id);
    const customerId = unit.customerIds.get(idOf(object.customer) ?? '');
    if (!subscriptionId || !customerId) continue;
    const dedupeKey = template === 'trial_ending' ? `trial_ending:${object.id}:${object.trial_end ?? 0}` : `subscription_canceled:${object.id}`;
    notices.push({ template, customerId, dedupeKey, data: { subscriptionId } });
  }
  await queueNotices(unit.sql, notices);
}

/** What a subscription row says, from a snapshot or from the row: two states that differ in it are two states. */
function stateOf(s: {
  status: string;
  items: { id: string; price: string; quantity: number }[];
  cancelAtPeriodEnd: boolean;
  periodEnd: number | null;
  pause: string | null;
}): string {
  return JSON.stringify([s.status, s.items.map((i) => [i.id, i.price, i.quantity]), s.cancelAtPeriodEnd, s.periodEnd, s.pause]);
}

const snapshotState = (o: Stripe.Subscription) =>
  stateOf({
    status: o.status,
    items: o.items.data.map((i) => ({ id: i.id, price: i.price.id, quantity: i.quantity ?? 1 })),
    cancelAtPeriodEnd: o.cancel_at_period_end,
    periodEnd: o.items.data[0]?.current_period_end ?? null,
    pause: o.pause_collection?.behavior ?? null,
  });

/** The columns a row's state (stateOf) is read from. */
const STATE_COLUMNS = `stripe_subscription_id AS "stripeId", last_event_at AS "lastEventAt", status, items, cancel_at_period_end AS "cancelAtPeriodEnd",
  current_period_end AS "periodEnd", pause_behavior AS "pause"`;
type StateRow = {
  stripeId: string;
  lastEventAt: number | string;
  status: string;
  items: string;
  cancelAtPeriodEnd: boolean | number;
  periodEnd: string | Date | null;
  pause: string | null;
};

function storedState(row: StateRow): string {
  const items = (JSON.parse(row.items) as SubscriptionItem[]).map((i) => ({ id: i.id, price: i.stripePriceId, quantity: i.quantity }));
  const periodEnd =
    row.periodEnd === null
      ? null
      : Math.floor(new Date(typeof row.periodEnd === 'string' ? row.periodEnd.replace(' +00:00', 'Z').replace(' ', 'T') : row.periodEnd).getTime() / 1000);
  return stateOf({ status: row.status, items, cancelAtPeriodEnd: Boolean(row.cancelAtPeriodEnd), periodEnd, pause: row.pause });
}

/**
 * Event times are whole seconds, and a subscription often changes twice in one (an admin's change
 * mirrored at once, then its webhooks; a schedule's phase applied and the renewal). Status order
 * settles most such ties, but not two states of one status (other items, other quantities). So
 * when the newest snapshot of a subscription ties with another state of the same second, in the
 * batch or already mirrored, and says something else, Stripe is asked for the subscription as it
 * is now, which then supersedes both.
 */
async function readTiedSubscriptions(snapshots: Snapshot<Stripe.Subscription>[], ctx: ApplyContext, into: Prefetched): Promise<void> {
  const live = snapshots.filter((s) => s.eventId !== null);
  if (!live.length) return;
  const newest = newestPerObject(live, subscriptionRank);
  const tied = new Set<string>();
  for (const s of live) {
    const top = newest.get(s.object.id)!;
    if (s !== top && s.created === top.created && snapshotState(s.object) !== snapshotState(top.object)) tied.add(s.object.id);
  }
  const ids = [...newest.keys()];
  const rows = await sqlOutside(ctx.db).all<StateRow>(
    `SELECT ${STATE_COLUMNS} FROM subscriptions WHERE stripe_subscription_id IN (${placeholders(ids.length)})`,
    ids,
  );
  for (const row of rows) {
    const top = newest.get(row.stripeId)!;
    if (Number(row.lastEventAt) === top.created && storedState(row) !== snapshotState(top.object)) tied.add(row.stripeId);
  }
  for (const id of tied) if (!into.subscriptions.has(id)) into.subscriptions.set(id, await ctx.stripe.subscriptions.retrieve(id));
}

export const subscriptionHandler: ObjectHandler<Stripe.Subscription> = {
  parents: (subscription) => ({ customer: idOf(subscription.customer) }),
  prefetch: readTiedSubscriptions,
  async apply(snapshots, unit) {
    await mirrorSubscriptions(snapshots, unit);
    await queueSubscriptionNotices(snapshots, unit);
  },
};
