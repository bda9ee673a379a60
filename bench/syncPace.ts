// `npx tsx bench/syncPace.ts`: a sync's Stripe requests counted per one-second window, against the
// emulator, at STRIPE_REQUESTS_PER_SECOND's test-mode default (25): customers Recur mirrors were
// deleted in Stripe behind its back, so the sync reads each one (a request apiece). Then the same
// with a fifth of the requests answered 429 without Stripe-Should-Retry.
import { mkdirSync, writeFileSync } from 'node:fs';
import { startEmulator } from '../emulator/index';
import { reconcileWithStripe, type ReconcileReport } from '../server/billing/reconcile';
import { STRIPE_RATE_LIMITS } from '../server/config';
import { initModels } from '../server/db/models';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/sequelize';
import { createLogger } from '../server/logger';
import { createStripeClient } from '../server/stripe/client';
import { StripePace } from '../server/stripe/pace/pace';
import { tempSqliteUrl } from '../test/helpers/database';

export interface SyncPaceFigures {
  perSecond: number;
  requests: number;
  seconds: number;
  /** the most requests that started within any one second */
  busiestSecond: number;
  meanPerSecond: number;
  rateLimited: number;
  errors: number;
}

/** The most timestamps (ms) that fall within any window of `windowMs` starting at one of them. */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

export async function runSyncPaceBench(
  deleted = Number(process.env.BENCH_DELETED_CUSTOMERS ?? 150),
): Promise<{ clean: SyncPaceFigures; rateLimited: SyncPaceFigures }> {
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient('sk_test_bench_pace', emulator.url);
  const db = await openDatabase(tempSqliteUrl());
  initModels(db.sequelize);
  await migrate(db.sequelize);
  const ctx = { stripe, db, log: createLogger('silent') };
  const faults = (body: object) =>
    fetch(`${emulator.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const perSecond = STRIPE_RATE_LIMITS.test;
  const measure = async (faulted: object | null): Promise<SyncPaceFigures> => {
    const ids = [];
    for (let i = 0; i < deleted; i++) ids.push((await stripe.customers.create({ email: `gone${i}@bench.test` })).id);
    await reconcileWithStripe(ctx, { pace: new StripePace(1000) }); // Recur mirrors them
    for (const id of ids) await stripe.customers.del(id);
    if (faulted) await faults(faulted);
    const started: number[] = [];
    const onRequest = () => started.push(Date.now());
    stripe.on('request', onRequest);
    const t0 = Date.now();
    const report: ReconcileReport = await reconcileWithStripe(ctx, { pace: new StripePace(perSecond, { retries: 10, minMs: 200, maxMs: 5_000 }) });
    const seconds = (Date.now() - t0) / 1000;
    stripe.off('request', onRequest);
    if (faulted) await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    return {
      perSecond,
      requests: started.length,
      seconds: Number(seconds.toFixed(2)),
      busiestSecond: busiestWindow(started, 1000),
      meanPerSecond: Number((started.length / seconds).toFixed(1)),
      rateLimited: report.requests.rateLimited,
      errors: report.errors.length,
    };
  };

  const clean = await measure(null);
  const rateLimited = await measure({ seed: 1, api: { rateLimitRate: 0.2, rateLimitShouldRetry: false } });
  await db.close();
  await emulator.close();
  return { clean, rateLimited };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runSyncPaceBench();
  console.table(figures);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/sync-pace.json', JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
  console.log('written: bench/results/sync-pace.json');
}
