import { handlersByObjectType, type ApplyContext } from '../handlers';
import { fetchMissingParents, type MirroredParents, type ParentNeeds } from './parents';
import { fetched, ReadAgain, type Snapshot } from './snapshot';
import { noteOtherVersions } from './apiVersions';
import { snapshotsOf, type PendingEvent } from './fromEvents';
import { placeholders, sqlIn, type Sql } from '../../db/sql';
import { refreshCustomerTotals } from './totals';
import { lockFor } from '../../db/sequelize';
import { emptyPrefetched, type ApplyUnit, type SnapshotsByType } from './unit';
import { watchAppState, type BatchScope } from '../../appEvents/applyWatch';

export type { PendingEvent } from './fromEvents';

/**
 * Applies a batch of stored events in one transaction: grouped by object type, parents first,
 * newest snapshot per object, a handful of queries per batch. Throws if any part fails; the
 * worker then applies the events one by one to isolate the culprit.
 */
export async function applyEventBatch(rows: readonly PendingEvent[], ctx: ApplyContext): Promise<void> {
  const { byType, applied, ignored, quarantined, otherVersions } = await snapshotsOf(rows, ctx);
  const claim = ctx.db.dialect === 'postgres' ? (sql: Sql) => claimEvents(sql, rows) : undefined;
  await applySnapshots(byType, ctx, {
    begin: claim,
    finish: async (sql) => {
      const now = new Date();
      // No next attempt: the same payload would be refused again; a replay checks it again.
      for (const { id, error } of quarantined) {
        await sql.run(`UPDATE stripe_events SET status = 'failed', error = ?, processed_at = ?, next_attempt_at = NULL, attempts = attempts + 1 WHERE id = ?`, [
          error,
          now,
          id,
        ]);
      }
      await noteOtherVersions(sql, otherVersions, now);
      if (applied.length) {
        await sql.run(
          `UPDATE stripe_events SET status = 'processed', error = NULL, processed_at = ?, next_attempt_at = NULL, attempts = attempts + 1 WHERE id IN (${placeholders(applied.length)})`,
          [now, ...applied],
        );
      }
      if (ignored.length)
        await sql.run(`UPDATE stripe_events SET status = 'ignored', processed_at = ? WHERE id IN (${placeholders(ignored.length)})`, [now, ...ignored]);
    },
  });
}

/** Another instance applied some of a batch's events first: the batch is read again. */
export class ClaimLost extends ReadAgain {
  constructor() {
    super('another instance applied these events first');
  }
}

/**
 * PostgreSQL, where several instances may have read the same pending events: under the apply
 * lock, a batch goes on only if all its events are still pending, so each is applied by one instance.
 */
async function claimEvents(sql: Sql, rows: readonly PendingEvent[]): Promise<void> {
  const ids = rows.map((row) => row.id);
  const pending = await sql.all<{ id: string }>(`SELECT id FROM stripe_events WHERE id IN (${placeholders(ids.length)}) AND status = 'pending'`, ids);
  if (pending.length < ids.length) throw new ClaimLost();
}

/** What a caller runs inside a batch's transaction, and what it already knows. */
export interface ApplyHooks {
  /** first, under the apply lock, before anything is written (a claim on the events, a read of the state before) */
  begin?: (sql: Sql) => Promise<void>;
  /** last, after every write (marking the events applied, a sync's cursor) */
  finish?: (sql: Sql) => Promise<void>;
  /**
   * Parents the caller knows are mirrored (a sync applied them itself): they need no read before
   * the transaction to tell whether Stripe must be asked for them.
   */
  mirrored?: MirroredParents;
}

/**
 * Applies snapshots of Stripe objects (from events, or fetched by a reconciliation) through the
 * handler registry: parents resolved first, Stripe reads done before the transaction, all writes
 * in one transaction, totals refreshed for the customers touched. `hooks` run in the same transaction.
 */
export async function applySnapshots(byType: SnapshotsByType, ctx: ApplyContext, { begin, finish, mirrored }: ApplyHooks = {}): Promise<void> {
  const prefetched = emptyPrefetched(Math.floor(Date.now() / 1000));
  const needs: ParentNeeds = {
    customers: new Set(),
    subscriptions: new Set(),
    invoices: new Set(),
    inBatch: { customers: idsOf(byType, 'customer'), subscriptions: idsOf(byType, 'subscription'), invoices: idsOf(byType, 'invoice') },
    mirrored,
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
    // On PostgreSQL, applying runs one transaction at a time across instances, as SQLite's one
    // writer makes it run: every read below sees what the previous batch committed, so a newer
    // snapshot is never overwritten by an older one and totals are computed from settled rows.
    await lockFor(ctx.db, transaction, 'recur:apply');
    const sql = sqlIn(ctx.db, transaction);
    await begin?.(sql);
    const unit: ApplyUnit = {
      transaction,
      sql,
      prefetched,
      customerIds: new Map(),
      subscriptionIds: new Map(),
      invoiceIds: new Map(),
      touchedCustomers: new Set(),
      paidCustomers: new Set(),
      stripe: ctx.stripe,
    };
    await loadKnownIds(unit, needs);
    // Recur's own events (outgoing webhooks): the state before the handlers, compared after them.
    const watch = await watchAppState(unit, scopeOf(needs));
    const extra: Record<string, Snapshot<unknown>[]> = {
      customer: [...prefetched.customers.values()].map((c) => fetched(c, prefetched.at)),
      subscription: [...prefetched.subscriptions.values()].map((s) => fetched(s, prefetched.at)),
      invoice: [...prefetched.invoices.values()].map((i) => fetched(i, prefetched.at)),
    };
    for (const [type, handler] of handlersByObjectType) {
      const snapshots = [...(byType.get(type) ?? []), ...(extra[type] ?? [])];
      if (snapshots.length) await handler.apply(snapshots, unit);
    }
    await refreshCustomerTotals(sql, unit.touchedCustomers, unit.paidCustomers);
    await watch?.mark();
    await finish?.(sql);
  });
}

function scopeOf(needs: ParentNeeds): BatchScope {
  const { inBatch } = needs;
  return {
    customers: new Set([...needs.customers, ...inBatch.customers]),
    subscriptions: new Set([...needs.subscriptions, ...inBatch.subscriptions]),
    invoices: new Set([...needs.invoices, ...inBatch.invoices]),
  };
}

function idsOf(byType: SnapshotsByType, type: string): Set<string> {
  return new Set((byType.get(type) ?? []).map((s) => (s.object as { id: string }).id));
}

/** Local ids of parents that are already mirrored, so children can link to them. */
async function loadKnownIds(unit: ApplyUnit, needs: ParentNeeds): Promise<void> {
  const { sql } = unit;
  if (needs.customers.size) {
    const ids = [...needs.customers];
    const rows = await sql.all<{ id: number; key: string }>(
      `SELECT id, stripe_customer_id AS "key" FROM customers WHERE stripe_customer_id IN (${placeholders(ids.length)})`,
      ids,
    );
    for (const row of rows) unit.customerIds.set(row.key, row.id);
  }
  if (needs.subscriptions.size) {
    const ids = [...needs.subscriptions];
    const rows = await sql.all<{ id: number; key: string }>(
      `SELECT id, stripe_subscription_id AS "key" FROM subscriptions WHERE stripe_subscription_id IN (${placeholders(ids.length)})`,
      ids,
    );
    for (const row of rows) unit.subscriptionIds.set(row.key, row.id);
  }
}
