import Stripe from 'stripe';
import { fetched, idOf, type Snapshot } from '../stripe/apply/snapshot';
import { placeholders, sqlOutside, type Sql } from '../db/sql';
import type { ApplyContext, HandlerContext } from '../stripe/handlers';
import type { StripePace, PaceMeter } from '../stripe/pace/pace';
import { pageBatchesOf, type PageRequest } from '../stripe/pace/pages';
import { pacedReads } from '../stripe/pace/reads';
import { subscriptionIdOfInvoice } from '../stripe/handlers/invoice';
import type { MirroredParents } from '../stripe/apply/parents';
import { applyIsolated, messageOf, type SyncedObject, type SyncError } from './syncApply';
import {
  clearSyncCursor,
  CURSOR_MAX_AGE_S,
  freshCursor,
  LISTS,
  readSyncCursor,
  writeSyncCursor,
  type ListCursor,
  type ListName,
  type SyncCursor,
} from './syncCursor';
import { ListsInFlight } from './syncOrder';
import { driftBetween, mirroredCounts, mirrorStateOf, type Drift, type MirrorState, type PageScope } from './syncDrift';
import { SyncProgressTracker, type Progress } from './syncProgress';

export type { Drift } from './syncDrift';
export type { SyncError } from './syncApply';
export type { Progress, SyncProgress } from './syncProgress';

/** How many differences a report lists one by one; `driftFound` counts them all (a first sync of a large account finds every row). */
export const DRIFT_LISTED = 10_000;

export interface ReconcileReport {
  checked: { customers: number; subscriptions: number; invoices: number };
  created: number;
  updated: number;
  /** the first DRIFT_LISTED differences */
  drift: Drift[];
  /** every difference found (created + updated) */
  driftFound: number;
  /** what could not be read or applied; everything else was */
  errors: SyncError[];
  /** Stripe requests this sync sent, and how many were answered 429 and sent again after a back-off */
  requests: { sent: number; rateLimited: number };
  /**
   * Set when this sync went on from where an earlier one stopped (killed, or a list it could not
   * read to the end): what that one had applied, which was not read again. `checked` counts both.
   */
  resumed: { startedAt: string; customers: number; subscriptions: number; invoices: number } | null;
}

export interface SyncOptions {
  /** the process's Stripe request budget (STRIPE_REQUESTS_PER_SECOND) */
  pace: StripePace;
  progress?: Progress;
  /** go on from the cursor an unfinished sync left (default); false: read everything again */
  resume?: boolean;
}

interface Run {
  ctx: HandlerContext;
  /** applying's own reads (missing parents, decline details) go through the pace too */
  apply: ApplyContext;
  meter: PaceMeter;
  progress: SyncProgressTracker;
  errors: SyncError[];
  cursor: SyncCursor;
  drift: Drift[];
  counts: { created: number; updated: number };
  /**
   * The lists being read at once: which customers and subscriptions this sync applied (as parents
   * of later pages they are known to be mirrored, and need no read), and one batch applied at a time.
   */
  lists: ListsInFlight;
}

/**
 * At most this many pages (1,000 objects) are applied in one transaction: those that arrived
 * while the one before was applied. A transaction's fixed cost (its statements' round trips, the
 * totals, the cursor) was about half of applying a lone page of invoices; ten pages at once
 * halved the time per page (bench/syncBackfill.ts), and keep the write queue held for
 * about a tenth of a second.
 */
const PAGES_PER_TRANSACTION = 10;

const OBJECT_OF: Record<ListName, SyncedObject> = { customers: 'customer', subscriptions: 'subscription', invoices: 'invoice' };
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * Reads customers, subscriptions (canceled ones too) and invoices from the Stripe API, 100 a page,
 * the three lists at once, and applies the pages as the current truth through the same handlers as
 * webhooks, a page once the parents it names are applied (syncOrder.ts), the pages that arrived
 * meanwhile together (up to PAGES_PER_TRANSACTION), in one transaction that also records
 * how far the sync got (syncCursor.ts); then asks Stripe about the
 * customers Recur holds that the list no longer has (deleted there). A sync that was killed, or
 * could not read a list to its end, is gone on from the last page it applied (within a day).
 * Every request keeps to the pace and backs off on 429, and the next pages are on their way while
 * some are applied. Nothing stops it halfway: what cannot be read or applied is reported in `errors` and
 * the rest goes on. Reports what differed, page by page; never deletes what exists only locally.
 */
export async function reconcileWithStripe(ctx: HandlerContext, { pace, progress = () => undefined, resume = true }: SyncOptions): Promise<ReconcileReport> {
  const meter = pace.meter();
  const { stripe, db } = ctx;
  let stored = resume ? await readSyncCursor(db) : null;
  if (stored && nowS() - stored.startedAt > CURSOR_MAX_AGE_S) stored = null;
  const cursor = stored ?? freshCursor(nowS());
  const mirrored = await mirroredCounts(sqlOutside(db));
  const tracker = new SyncProgressTracker({ customers: mirrored.customer, subscriptions: mirrored.subscription, invoices: mirrored.invoice }, meter, progress);
  for (const list of LISTS) tracker.resume(list, cursor.lists[list].read, cursor.lists[list].done);
  const run: Run = {
    ctx,
    apply: { ...ctx, stripe: pacedReads(stripe, meter) },
    meter,
    progress: tracker,
    errors: [],
    cursor,
    drift: [],
    counts: { created: 0, updated: 0 },
    lists: new ListsInFlight(),
  };

  // All three at once, each at its endpoint's pace; a page waits for the parents it names (syncOrder.ts).
  const listed = await Promise.allSettled([
    syncList(
      run,
      'customers',
      (after) => stripe.customers.list({ limit: 100, starting_after: after }),
      (c, at) => [fetched(c, at)],
    ),
    syncList(
      run,
      'subscriptions',
      (after) => stripe.subscriptions.list({ status: 'all', limit: 100, starting_after: after }),
      (s, at) => [fetched(s, at)],
    ),
    syncList(run, 'invoices', (after) => stripe.invoices.list({ limit: 100, starting_after: after }), invoiceSnapshots),
  ]);
  for (const outcome of listed) if (outcome.status === 'rejected') throw outcome.reason;
  const customers = listed[0].status === 'fulfilled' ? listed[0].value : null;
  // Only a complete listing tells which customers Stripe no longer lists.
  if (customers) await syncUnlistedCustomers(run, customers, stored !== null);
  if (LISTS.every((list) => cursor.lists[list].done)) await clearSyncCursor(db);

  return {
    checked: {
      customers: run.progress.count('customers') + run.progress.count('unlisted customers'),
      subscriptions: run.progress.count('subscriptions'),
      invoices: run.progress.count('invoices'),
    },
    created: run.counts.created,
    updated: run.counts.updated,
    drift: run.drift,
    driftFound: run.counts.created + run.counts.updated,
    errors: run.errors,
    requests: { sent: meter.requests, rateLimited: meter.rateLimited },
    resumed: stored && {
      startedAt: new Date(stored.startedAt * 1000).toISOString(),
      customers: stored.lists.customers.read,
      subscriptions: stored.lists.subscriptions.read,
      invoices: stored.lists.invoices.read,
    },
  };
}

function noteDrift(run: Run, drift: Drift[]): void {
  for (const d of drift) {
    run.counts[d.change]++;
    if (run.drift.length < DRIFT_LISTED) run.drift.push(d);
  }
}

/**
 * The rows a page may write: its objects, the parents applying may fetch and create (those this
 * sync has not applied itself), and its invoices' payments.
 */
function scopeOf(run: Run, object: SyncedObject, page: { id: string }[]): PageScope {
  const ids = page.map((o) => o.id);
  const customers = (refs: (string | null)[]) => refs.filter((id): id is string => id !== null && !run.lists.mirrored.customer.has(id));
  if (object === 'customer') return { customer: ids, subscription: [], invoice: [] };
  if (object === 'subscription') return { customer: customers((page as Stripe.Subscription[]).map((s) => idOf(s.customer))), subscription: ids, invoice: [] };
  const invoices = page as Stripe.Invoice[];
  return {
    customer: customers(invoices.map((i) => idOf(i.customer))),
    subscription: invoices.flatMap((i) => subscriptionIdOfInvoice(i) ?? []).filter((id) => !run.lists.mirrored.subscription.has(id)),
    invoice: ids,
  };
}

/**
 * Applies objects (applyIsolated) and notes what changed: the compared fields of `scope` are read
 * before the first write and `rereadOf(before)` (default: `scope` again) after the last, in the
 * same transaction, on the connection that writes. A read on another connection starts with an
 * empty cache after every commit, and took three times as long (bench/syncBackfill.ts).
 * Returns, and reports, what could not be applied.
 */
async function applyNotingDrift(
  run: Run,
  object: SyncedObject,
  byId: Map<string, Snapshot<unknown>[]>,
  scope: PageScope,
  options: { mirrored?: MirroredParents; rereadOf?: (before: MirrorState) => PageScope; finish?: (sql: Sql) => Promise<void> } = {},
): Promise<SyncError[]> {
  let before: MirrorState = new Map();
  let drift: Drift[] = [];
  const failed = await applyIsolated(object, byId, run.apply, {
    mirrored: options.mirrored,
    begin: async (sql) => {
      before = await mirrorStateOf(sql, scope);
    },
    finish: async (sql) => {
      drift = driftBetween(before, await mirrorStateOf(sql, options.rereadOf?.(before) ?? scope));
      await options.finish?.(sql);
    },
  });
  run.errors.push(...failed);
  // Noted once the transaction has committed: a retried or isolated apply must not count twice.
  noteDrift(run, drift);
  return failed;
}

/** Stripe's answer to a `starting_after` naming an object it no longer has. */
function cursorGone(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing' && error.param === 'starting_after';
}

/**
 * Lists one kind of object from where the cursor is and applies the pages as they arrive, once the
 * parents they name are applied (ListsInFlight), the cursor moving in their transaction. Returns
 * the ids it read (customers only: the unlisted check needs them), or null if the list could not
 * be read to its end (the error is reported, the pages before it are applied, and the cursor stays
 * for the next sync to go on from).
 */
async function syncList<T extends { id: string }>(
  run: Run,
  list: ListName,
  request: PageRequest<T>,
  snapshotsOf: (object: T, at: number) => Snapshot<T>[],
): Promise<Set<string> | null> {
  const object = OBJECT_OF[list];
  const ids = new Set<string>();
  // Where the list is as committed: written with each batch, read by the other lists' batches.
  const committed = () => run.cursor.lists[list];
  try {
    if (committed().done) return ids;
    let restartable = committed().after !== null;
    for (;;) {
      try {
        for await (const pages of pageBatchesOf(run.meter, `${list}.list`, request, committed().after ?? undefined, PAGES_PER_TRANSACTION)) {
          const objects = pages.flat();
          restartable = false;
          while (!run.lists.parentsReady(object, objects)) await run.lists.changed();
          await run.lists.exclusively(() => applyBatch(run, list, pages, snapshotsOf));
          if (object === 'customer') for (const item of objects) ids.add(item.id);
          run.progress.add(list, objects.length);
        }
        run.cursor.lists[list] = { ...committed(), done: true };
        run.progress.finish(list);
        return ids;
      } catch (error) {
        if (restartable && cursorGone(error)) {
          // The object the stopped sync was after is gone from Stripe: that list is read from the start.
          restartable = false;
          run.progress.resume(list, -committed().read, false);
          run.cursor.lists[list] = { after: null, done: false, read: 0, pages: 0 };
          continue;
        }
        run.errors.push({ object, stripeId: null, message: `listing ${list} stopped after ${committed().read}: ${messageOf(error)}` });
        return null;
      }
    }
  } finally {
    run.lists.end(list);
  }
}

/** Applies one batch of a list's pages and moves its cursor, in one transaction; then notes what it applied. */
async function applyBatch<T extends { id: string }>(
  run: Run,
  list: ListName,
  pages: T[][],
  snapshotsOf: (object: T, at: number) => Snapshot<T>[],
): Promise<void> {
  const object = OBJECT_OF[list];
  const objects = pages.flat();
  const at = Math.floor(Date.now() / 1000);
  const byId = new Map<string, Snapshot<unknown>[]>(objects.map((item) => [item.id, snapshotsOf(item, at)]));
  const scope = scopeOf(run, object, objects);
  const before = run.cursor.lists[list];
  const position: ListCursor = { after: objects[objects.length - 1]!.id, done: false, read: before.read + objects.length, pages: before.pages + pages.length };
  const { mirrored } = run.lists;
  const failed = await applyNotingDrift(run, object, byId, scope, {
    mirrored: { customers: mirrored.customer, subscriptions: mirrored.subscription },
    // The pages' own rows are read again; of their parents, only those missing before (applying may create them).
    rereadOf: (stateBefore) => {
      const missing = (kind: keyof PageScope) => (kind === object ? scope[kind] : scope[kind].filter((id) => !stateBefore.has(`${kind}:${id}`)));
      return { customer: missing('customer'), subscription: missing('subscription'), invoice: missing('invoice') };
    },
    finish: (sql) => writeSyncCursor(sql, { ...run.cursor, lists: { ...run.cursor.lists, [list]: position } }),
  });
  run.cursor.lists[list] = position;
  if (object !== 'invoice') {
    const applied = new Set(objects.map((item) => item.id));
    for (const error of failed) applied.delete(error.stripeId ?? '');
    for (const id of applied) mirrored[object].add(id);
  }
  run.lists.notify();
}

/**
 * Customers Recur holds as live that Stripe's list did not return: deleted in Stripe while a
 * webhook was missed (a retrieve then answers `{deleted: true}`), or created after the listing
 * passed them. Each is read and applied as Stripe has it. After a resumed listing, the customers
 * the earlier run listed are known by what it wrote: a `last_event_at` from when it started on.
 */
async function syncUnlistedCustomers(run: Run, listed: Set<string>, resumed: boolean): Promise<void> {
  const outside = sqlOutside(run.ctx.db);
  const local = await outside.all<{ stripeId: string; lastEventAt: number | string }>(
    `SELECT stripe_customer_id AS "stripeId", last_event_at AS "lastEventAt" FROM customers WHERE stripe_customer_id IS NOT NULL AND deleted_at IS NULL`,
  );
  const unlisted = local.filter((c) => !listed.has(c.stripeId) && !(resumed && Number(c.lastEventAt) >= run.cursor.startedAt)).map((c) => c.stripeId);
  run.progress.expect('unlisted customers', unlisted.length);
  for (let i = 0; i < unlisted.length; i += 100) {
    const chunk = unlisted.slice(i, i + 100);
    const subscriptions = await outside.all<{ id: string }>(
      `SELECT s.stripe_subscription_id AS "id" FROM subscriptions s JOIN customers c ON c.id = s.customer_id WHERE c.stripe_customer_id IN (${placeholders(chunk.length)})`,
      chunk,
    );
    const scope: PageScope = { customer: chunk, subscription: subscriptions.map((s) => s.id), invoice: [] };
    const byId = new Map<string, Snapshot<unknown>[]>();
    for (const id of chunk) {
      try {
        const customer = await run.meter.run('customers.retrieve', () => run.ctx.stripe.customers.retrieve(id));
        byId.set(id, [fetched(customer, Math.floor(Date.now() / 1000))]);
      } catch (error) {
        const missing = (error as Stripe.errors.StripeError).code === 'resource_missing';
        run.errors.push({ object: 'customer', stripeId: id, message: missing ? 'Stripe has no such customer; kept as it is' : messageOf(error) });
      }
    }
    await applyNotingDrift(run, 'customer', byId, scope);
    run.progress.add('unlisted customers', chunk.length);
  }
  run.progress.finish('unlisted customers');
}

/**
 * An invoice as Stripe has it now, plus the payment outcome it implies, so a payment whose
 * webhook never came is recorded: paid → a success; open after attempts → a failure.
 */
function invoiceSnapshots(invoice: Stripe.Invoice, at: number): Snapshot<Stripe.Invoice>[] {
  const state = fetched(invoice, at);
  if (invoice.status === 'paid' && invoice.amount_paid > 0) return [state, { ...state, type: 'invoice.paid' }];
  if (invoice.status === 'open' && invoice.attempt_count > 0) return [state, { ...state, type: 'invoice.payment_failed' }];
  return [state];
}
