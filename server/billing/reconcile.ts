import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { Customer } from '../db/models';
import { fetched, type Snapshot } from '../stripe/apply/snapshot';
import type { ApplyContext, HandlerContext } from '../stripe/handlers';
import type { StripePace, PaceMeter } from '../stripe/pace/pace';
import { pagesOf, type PageRequest } from '../stripe/pace/pages';
import { pacedReads } from '../stripe/pace/reads';
import { applyIsolated, messageOf, type SyncedObject, type SyncError } from './syncApply';
import { countOf, driftBetween, mirrorState, type Drift } from './syncDrift';
import { SyncProgressTracker, type Progress, type SyncStage } from './syncProgress';

export type { Drift } from './syncDrift';
export type { SyncError } from './syncApply';
export type { Progress, SyncProgress } from './syncProgress';

export interface ReconcileReport {
  checked: { customers: number; subscriptions: number; invoices: number };
  created: number;
  updated: number;
  drift: Drift[];
  /** what could not be read or applied; everything else was */
  errors: SyncError[];
  /** Stripe requests this sync sent, and how many were answered 429 and sent again after a back-off */
  requests: { sent: number; rateLimited: number };
}

export interface SyncOptions {
  /** the process's Stripe request budget (STRIPE_REQUESTS_PER_SECOND) */
  pace: StripePace;
  progress?: Progress;
}

interface Run {
  ctx: HandlerContext;
  /** applying's own reads (missing parents, decline details) go through the pace too */
  apply: ApplyContext;
  meter: PaceMeter;
  progress: SyncProgressTracker;
  errors: SyncError[];
}

/**
 * Reads customers, subscriptions (canceled ones too) and invoices from the Stripe API and applies
 * them, page by page, as the current truth through the same handlers as webhooks; then asks Stripe
 * about the customers Recur holds that the list no longer has (deleted there). Every request keeps
 * to the pace and backs off on 429. Nothing stops it halfway: what cannot be read or applied is
 * reported in `errors` and the rest goes on. Reports what differed; never deletes what exists only locally.
 */
export async function reconcileWithStripe(ctx: HandlerContext, { pace, progress = () => undefined }: SyncOptions): Promise<ReconcileReport> {
  const meter = pace.meter();
  const before = await mirrorState();
  const expected = { customers: countOf(before, 'customer'), subscriptions: countOf(before, 'subscription'), invoices: countOf(before, 'invoice') };
  const run: Run = { ctx, apply: { ...ctx, stripe: pacedReads(ctx.stripe, meter) }, meter, progress: new SyncProgressTracker(expected, meter, progress), errors: [] };
  const { stripe } = ctx;

  const customers = await syncList(run, 'customer', 'customers', (after) => stripe.customers.list({ limit: 100, starting_after: after }), (c, at) => [fetched(c, at)]);
  await syncList(run, 'subscription', 'subscriptions', (after) => stripe.subscriptions.list({ status: 'all', limit: 100, starting_after: after }), (s, at) => [fetched(s, at)]);
  await syncList(run, 'invoice', 'invoices', (after) => stripe.invoices.list({ limit: 100, starting_after: after }), invoiceSnapshots);
  // Only a complete listing tells which customers Stripe no longer lists.
  if (customers) await syncUnlistedCustomers(run, customers);

  const drift = driftBetween(before, await mirrorState());
  return {
    checked: {
      customers: run.progress.count('customers') + run.progress.count('unlisted customers'),
      subscriptions: run.progress.count('subscriptions'),
      invoices: run.progress.count('invoices'),
    },
    created: drift.filter((d) => d.change === 'created').length,
    updated: drift.filter((d) => d.change === 'updated').length,
    drift,
    errors: run.errors,
    requests: { sent: meter.requests, rateLimited: meter.rateLimited },
  };
}

/**
 * Lists one kind of object and applies each page as it arrives. Returns the ids read, or null if
 * the list could not be read to its end (the error is reported, the pages before it are applied).
 */
async function syncList<T extends { id: string }>(
  run: Run,
  object: SyncedObject,
  stage: SyncStage,
  request: PageRequest<T>,
  snapshotsOf: (object: T, at: number) => Snapshot<T>[],
): Promise<Set<string> | null> {
  const ids = new Set<string>();
  try {
    for await (const page of pagesOf(run.meter, request)) {
      const at = Math.floor(Date.now() / 1000);
      const byId = new Map<string, Snapshot<unknown>[]>(page.map((item) => [item.id, snapshotsOf(item, at)]));
      run.errors.push(...(await applyIsolated(object, byId, run.apply)));
      for (const item of page) ids.add(item.id);
      run.progress.add(stage, page.length);
    }
  } catch (error) {
    run.errors.push({ object, stripeId: null, message: `listing ${stage} stopped after ${ids.size}: ${messageOf(error)}` });
    return null;
  } finally {
    run.progress.finish(stage);
  }
  return ids;
}

/**
 * Customers Recur holds as live that Stripe's list did not return: deleted in Stripe while a
 * webhook was missed (a retrieve then answers `{deleted: true}`), or created after the listing
 * passed them. Each is read and applied as Stripe has it.
 */
async function syncUnlistedCustomers(run: Run, listed: Set<string>): Promise<void> {
  const local = await Customer.findAll({ attributes: ['stripeCustomerId'], where: { stripeCustomerId: { [Op.ne]: null }, deletedAt: null } });
  const unlisted = local.map((c) => c.stripeCustomerId!).filter((id) => !listed.has(id));
  run.progress.expect('unlisted customers', unlisted.length);
  for (let i = 0; i < unlisted.length; i += 100) {
    const byId = new Map<string, Snapshot<unknown>[]>();
    for (const id of unlisted.slice(i, i + 100)) {
      try {
        const customer = await run.meter.run(() => run.ctx.stripe.customers.retrieve(id));
        byId.set(id, [fetched(customer, Math.floor(Date.now() / 1000))]);
      } catch (error) {
        const missing = (error as Stripe.errors.StripeError).code === 'resource_missing';
        run.errors.push({ object: 'customer', stripeId: id, message: missing ? 'Stripe has no such customer; kept as it is' : messageOf(error) });
      }
    }
    run.errors.push(...(await applyIsolated('customer', byId, run.apply)));
    run.progress.add('unlisted customers', Math.min(100, unlisted.length - i));
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
