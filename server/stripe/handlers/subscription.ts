import type Stripe from 'stripe';
import { Subscription } from '../../db/models';
import { insertRows } from '../apply/bulk';
import type { Interval } from '../../../shared/money';
import { idOf, newestPerObject, rankOf, supersedes, toDate, type Snapshot } from '../apply/snapshot';
import { placeholders, type Sql } from '../apply/sql';
import type { ApplyUnit } from '../apply/unit';
import type { ObjectHandler } from './types';
import { isNews, queueNotices, type Notice } from '../../notify/fromWebhooks';

/** How far along a subscription's life a status is, for same-second ties. */
const STATUS_RANK: Record<string, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  unpaid: 4,
  paused: 4,
  incomplete_expired: 5,
  canceled: 5,
};
export const subscriptionRank = (s: Stripe.Subscription) => STATUS_RANK[s.status] ?? 0;

const MIRRORED = [
  'customerId', 'planId', 'stripePriceId', 'status', 'quantity', 'unitAmount', 'currency', 'interval', 'intervalCount',
  'currentPeriodStart', 'currentPeriodEnd', 'cancelAtPeriodEnd', 'canceledAt', 'trialEnd', 'lastEventAt',
] as const;

/** Links Stripe prices to Recur plans, through each plan's price history or its current price. */
async function planIdsForPrices(priceIds: string[], sql: Sql): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (!priceIds.length) return map;
  const list = placeholders(priceIds.length);
  const current = await sql.all<{ priceId: string; planId: number }>(`SELECT stripe_price_id AS "priceId", id AS "planId" FROM plans WHERE stripe_price_id IN (${list})`, priceIds);
  const history = await sql.all<{ priceId: string; planId: number }>(`SELECT stripe_price_id AS "priceId", plan_id AS "planId" FROM prices WHERE stripe_price_id IN (${list})`, priceIds);
  for (const plan of current) map.set(plan.priceId, plan.planId);
  for (const price of history) map.set(price.priceId, price.planId);
  return map;
}

export async function mirrorSubscriptions(snapshots: Snapshot<Stripe.Subscription>[], unit: ApplyUnit): Promise<void> {
  const newest = newestPerObject(snapshots, subscriptionRank);
  if (!newest.size) return;
  const stripeIds = [...newest.keys()];
  const existing = await unit.sql.all<{ id: number; stripeId: string; lastEventAt: number; status: string; customerId: number }>(
    `SELECT id, stripe_subscription_id AS "stripeId", last_event_at AS "lastEventAt", status, customer_id AS "customerId" FROM subscriptions WHERE stripe_subscription_id IN (${placeholders(stripeIds.length)})`,
    stripeIds,
  );
  const byStripeId = new Map(existing.map((row) => [row.stripeId, row]));
  // Subscriptions an older snapshot leaves alone keep their id; the rest come back from the upsert.
  for (const row of existing) unit.subscriptionIds.set(row.stripeId, row.id);
  const priceIds = [...newest.values()].map((s) => s.object.items.data[0]?.price.id).filter((id): id is string => !!id);
  const planIds = await planIdsForPrices([...new Set(priceIds)], unit.sql);

  const rows = [];
  for (const [id, snapshot] of newest) {
    const { object, created } = snapshot;
    const row = byStripeId.get(id);
    if (row && !supersedes(created, rankOf(snapshot, subscriptionRank), Number(row.lastEventAt), STATUS_RANK[row.status] ?? 0)) continue;
    const customerId = unit.customerIds.get(idOf(object.customer) ?? '');
    if (!customerId) throw new Error(`subscription ${id}: customer ${idOf(object.customer)} is not mirrored`);
    // Recur plans are single-price; the first item carries the plan and, since API 2025-03, the period.
    const item = object.items.data[0];
    const price = item?.price;
    rows.push({
      stripeSubscriptionId: id,
      customerId,
      planId: price ? (planIds.get(price.id) ?? null) : null,
      stripePriceId: price?.id ?? null,
      status: object.status,
      quantity: item?.quantity ?? 1,
      unitAmount: price?.unit_amount ?? 0,
      currency: object.currency,
      interval: (price?.recurring?.interval ?? 'month') as Interval,
      intervalCount: price?.recurring?.interval_count ?? 1,
      currentPeriodStart: toDate(item?.current_period_start),
      currentPeriodEnd: toDate(item?.current_period_end),
      cancelAtPeriodEnd: object.cancel_at_period_end,
      canceledAt: toDate(object.canceled_at),
      trialEnd: toDate(object.trial_end),
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
    const template = type === 'customer.subscription.trial_will_end' ? 'trial_ending' : type === 'customer.subscription.deleted' ? 'subscription_canceled' : null;
    if (!template || !isNews(snapshot, unit.prefetched.at)) continue;
    const subscriptionId = unit.subscriptionIds.get(object.id);
    const customerId = unit.customerIds.get(idOf(object.customer) ?? '');
    if (!subscriptionId || !customerId) continue;
    const dedupeKey = template === 'trial_ending' ? `trial_ending:${object.id}:${object.trial_end ?? 0}` : `subscription_canceled:${object.id}`;
    notices.push({ template, customerId, dedupeKey, data: { subscriptionId } });
  }
  await queueNotices(unit.sql, notices);
}

export const subscriptionHandler: ObjectHandler<Stripe.Subscription> = {
  parents: (subscription) => ({ customer: idOf(subscription.customer) }),
  async apply(snapshots, unit) {
    await mirrorSubscriptions(snapshots, unit);
    await queueSubscriptionNotices(snapshots, unit);
  },
};
