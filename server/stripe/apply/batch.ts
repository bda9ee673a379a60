import type Stripe from 'stripe';
import { literal, Op, type Transaction } from 'sequelize';
import { Customer, StripeEvent, Subscription } from '../../db/models';
import { handlersByObjectType, type ApplyContext } from '../handlers';
import { fetchMissingParents, type ParentNeeds } from './parents';
import { fetched, fromEvent, type Snapshot } from './snapshot';
import { refreshCustomerTotals } from './totals';
import { emptyPrefetched, type ApplyUnit, type SnapshotsByType } from './unit';

const objectTypeOf = (event: Stripe.Event) => (event.data.object as { object?: string }).object ?? '';

/**
 * Applies a batch of stored events in one transaction: grouped by object type, parents first,
 * newest snapshot per object, a handful of queries per batch. Throws if any part fails; the
 * worker then applies the events one by one to isolate the culprit.
 */
export async function applyEventBatch(rows: StripeEvent[], ctx: ApplyContext): Promise<void> {
  const events = rows.map((row) => JSON.parse(row.payload) as Stripe.Event);
  const byType: SnapshotsByType = new Map();
  const ignored: string[] = [];
  for (const event of events) {
    const type = objectTypeOf(event);
    if (!handlersByObjectType.has(type)) {
      ignored.push(event.id);
      continue;
    }
    byType.set(type, [...(byType.get(type) ?? []), fromEvent<unknown>(event)]);
  }
  const applied = events.map((e) => e.id).filter((id) => !ignored.includes(id));
  await applySnapshots(byType, ctx, async (transaction) => {
    const now = new Date();
    if (applied.length) {
      const attempts = literal('attempts + 1');
      await StripeEvent.update({ status: 'processed', error: null, processedAt: now, nextAttemptAt: null, attempts }, { where: { id: { [Op.in]: applied } }, transaction });
    }
    if (ignored.length) await StripeEvent.update({ status: 'ignored', processedAt: now }, { where: { id: { [Op.in]: ignored } }, transaction });
  });
}

/**
 * Applies snapshots of Stripe objects (from events, or fetched by a reconciliation) through the
 * handler registry: parents resolved first, Stripe reads done before the transaction, all writes
 * in one transaction, totals refreshed for the customers touched. `finish` runs in the same transaction.
 */
export async function applySnapshots(
  byType: SnapshotsByType,
  ctx: ApplyContext,
  finish?: (transaction: Transaction) => Promise<void>,
): Promise<void> {
  const prefetched = emptyPrefetched(Math.floor(Date.now() / 1000));
  const needs: ParentNeeds = {
    customers: new Set(),
    subscriptions: new Set(),
    invoices: new Set(),
    inBatch: { customers: idsOf(byType, 'customer'), subscriptions: idsOf(byType, 'subscription'), invoices: idsOf(byType, 'invoice') },
  };
  for (const [type, snapshots] of byType) {
    const handler = handlersByObjectType.get(type);
    for (const { object } of snapshots) {
      const refs = handler?.parents?.(object) ?? {};
      if (refs.customer) needs.customers.add(refs.customer);
      if (refs.subscription) needs.subscriptions.add(refs.subscription);
      if (refs.invoice) needs.invoices.add(refs.invoice);
    }
  }
  await fetchMissingParents(needs, ctx, prefetched);
  for (const [type, snapshots] of byType) await handlersByObjectType.get(type)?.prefetch?.(snapshots, ctx, prefetched);

  await ctx.db.write(async (transaction) => {
    const unit: ApplyUnit = { transaction, prefetched, customerIds: new Map(), subscriptionIds: new Map(), invoiceIds: new Map(), touchedCustomers: new Set() };
    await loadKnownIds(unit, needs);
    const extra: Record<string, Snapshot<unknown>[]> = {
      customer: [...prefetched.customers.values()].map((c) => fetched(c, prefetched.at)),
      subscription: [...prefetched.subscriptions.values()].map((s) => fetched(s, prefetched.at)),
      invoice: [...prefetched.invoices.values()].map((i) => fetched(i, prefetched.at)),
    };
    for (const [type, handler] of handlersByObjectType) {
      const snapshots = [...(byType.get(type) ?? []), ...(extra[type] ?? [])];
      if (snapshots.length) await handler.apply(snapshots, unit);
    }
    await refreshCustomerTotals(ctx.db, unit.touchedCustomers, transaction);
    await finish?.(transaction);
  });
}

function idsOf(byType: SnapshotsByType, type: string): Set<string> {
  return new Set((byType.get(type) ?? []).map((s) => (s.object as { id: string }).id));
}

/** Local ids of parents that are already mirrored, so children can link to them. */
async function loadKnownIds(unit: ApplyUnit, needs: ParentNeeds): Promise<void> {
  const { transaction } = unit;
  if (needs.customers.size) {
    const rows = await Customer.findAll({ where: { stripeCustomerId: { [Op.in]: [...needs.customers] } }, attributes: ['id', 'stripeCustomerId'], transaction });
    for (const row of rows) unit.customerIds.set(row.stripeCustomerId!, row.id);
  }
  if (needs.subscriptions.size) {
    const rows = await Subscription.findAll({ where: { stripeSubscriptionId: { [Op.in]: [...needs.subscriptions] } }, attributes: ['id', 'stripeSubscriptionId'], transaction });
    for (const row of rows) unit.subscriptionIds.set(row.stripeSubscriptionId, row.id);
  }
}
