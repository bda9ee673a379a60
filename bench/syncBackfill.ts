// `npx tsx bench/syncBackfill.ts [--scale=0.1] [--rate=100|25|25,100] [--latency=ms]`: `npm run sync` on a fresh
// database against an emulator seeded with 100,000 customers, each with a subscription, and
// 500,000 invoices (emulator/seed/backfill.ts puts them in its store directly), at Stripe's rate
// limit: 100 requests/s (live mode) and, with --rate=25, 25 (test mode), per
// docs.stripe.com/rate-limits. A list returns at most 100 objects a page
// (docs.stripe.com/api/pagination: `limit` 1–100), so reading N objects takes at least ⌈N/100⌉
// requests, and at R requests/s at least that many / R seconds. Each list is one endpoint, and
// "API endpoints have a default limit of 25 requests per second" (the same page): the invoices'
// pages alone take at least ⌈invoices/100⌉ / 25 seconds. The minimum is the larger of the two, the
// target 1.2 × it. The emulator enforces both limits (429 over them) and the 429s are counted.
// Elapsed is the whole `npm run sync` process, start-up and migrations included. Then every
// customer, subscription and invoice of the emulator is compared with the database (drift).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startSeededEmulator, type SeededEmulator } from '../emulator/seed/backfill';
import { openDatabase } from '../server/db/sequelize';
import { sqlOutside } from '../server/db/sql';
import { tempSqliteUrl } from '../test/helpers/database';
import { control } from '../test/helpers/ops';
import { STRIPE_ENDPOINT_LIMIT } from '../server/stripe/pace/pace';

export interface SyncBackfillRow {
  rate: number;
  /** each list's endpoint limit, requests/s */
  perEndpoint: number;
  objects: number;
  customers: number;
  subscriptions: number;
  invoices: number;
  requests: number;
  minimumRequests: number;
  minimumSeconds: number;
  elapsedSeconds: number;
  targetSeconds: number;
  met: boolean;
  drift: number;
  /** requests the emulator refused as over Stripe's limits (429): the sync's pace should leave none */
  rateLimited: number;
  /** the sync's own figures (scripts/sync.ts prints them): its time without process start-up, and the CPU it used meanwhile */
  syncSeconds: number | null;
  syncCpuSeconds: number | null;
  exitCode: number | null;
  /** /proc/loadavg's 1-minute figure when the run ended: the machine is shared */
  load: number;
}

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

/** `npm run sync` as a user runs it, against the seeded emulator and a fresh SQLite file. */
function runSync(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const { STRIPE_SECRET_KEY: _key, STRIPE_WEBHOOK_SECRET: _secret, ...inherited } = process.env;
  // BENCH_NODE_ARGS (say `--cpu-prof --cpu-prof-dir=prof`): node runs the sync's script itself, with them.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean);
  const [command, args] = nodeArgs ? [process.execPath, [...nodeArgs, 'scripts/start.mjs', 'sync']] : ['npm', ['run', '--silent', 'sync']];
  const child = spawn(command, args, { env: { ...inherited, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })));
}

/**
 * Every object of the emulator against its row: missing, extra or differing rows count as drift.
 * Paid invoices must each have their successful payment.
 */
export async function driftAgainst(emulator: SeededEmulator, databaseUrl: string): Promise<number> {
  const db = await openDatabase(databaseUrl);
  try {
    const sql = sqlOutside(db);
    let drift = 0;
    const compare = <T extends { id: string }>(objects: T[], rows: Map<string, string>, key: (o: T) => string) => {
      for (const object of objects) if (rows.get(object.id) !== key(object)) drift++;
      drift += Math.max(0, rows.size - objects.length);
    };
    const customers = await sql.all<{ id: string; email: string; name: string | null; deleted: number | boolean }>(
      `SELECT stripe_customer_id AS "id", email, name, (deleted_at IS NOT NULL) AS "deleted" FROM customers WHERE stripe_customer_id IS NOT NULL`,
    );
    compare(
      emulator.store.customers.toJSON(),
      new Map(customers.map((r) => [r.id, `${r.email}|${r.name}|${Boolean(Number(r.deleted))}`])),
      (c) => `${c.email}|${c.name}|false`,
    );
    const subscriptions = await sql.all<{ id: string; status: string; customer: string }>(
      `SELECT s.stripe_subscription_id AS "id", s.status, c.stripe_customer_id AS "customer" FROM subscriptions s JOIN customers c ON c.id = s.customer_id`,
    );
    compare(
      emulator.store.subscriptions.toJSON(),
      new Map(subscriptions.map((r) => [r.id, `${r.status}|${r.customer}`])),
      (s) => `${s.status}|${s.customer as string}`,
    );
    const invoices = await sql.all<{ id: string; status: string; paid: number | string; payments: number | string }>(
      `SELECT i.stripe_invoice_id AS "id", i.status, i.amount_paid AS "paid",
         (SELECT COUNT(*) FROM payments p WHERE p.invoice_id = i.id AND p.status = 'succeeded') AS "payments" FROM invoices i`,
    );
    compare(
      emulator.store.invoices.toJSON(),
      new Map(invoices.map((r) => [r.id, `${r.status}|${Number(r.paid)}|${Number(r.payments)}`])),
      (i) => `${i.status}|${i.amount_paid}|${i.status === 'paid' && i.amount_paid > 0 ? 1 : 0}`,
    );
    return drift;
  } finally {
    await db.close();
  }
}

/**
 * `latencyMs` holds every request that long in the emulator before it runs (its `latencyMs` fault):
 * Stripe answers from across a network, the emulator from the same machine.
 */
export async function runSyncBackfillBench({
  scale = 1,
  rates = [100],
  latencyMs = 0,
}: {
  scale?: number;
  rates?: number[];
  latencyMs?: number;
} = {}): Promise<SyncBackfillRow[]> {
  const customers = Math.round(100_000 * scale);
  const seedStarted = Date.now();
  const emulator = await startSeededEmulator({ customers, invoicesPerCustomer: 5 });
  console.error(
    `seeded ${customers} customers, ${emulator.seeded.subscriptions} subscriptions, ${emulator.seeded.invoices} invoices in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  const rows: SyncBackfillRow[] = [];
  try {
    for (const rate of rates) {
      const databaseUrl = tempSqliteUrl();
      // Stripe's limits, enforced: the account's `rate` and 25 per endpoint (docs.stripe.com/rate-limits).
      const perEndpoint = Math.min(STRIPE_ENDPOINT_LIMIT, rate);
      // The emulator's rate limits and latency: test-only extensions (emulator/README.md).
      const set = await control(emulator, 'PUT', '/faults', { api: { requestsPerSecond: rate, endpointRequestsPerSecond: perEndpoint, latencyMs } });
      if (set.status !== 200) throw new Error(`setting the emulator's rate limits: ${JSON.stringify(set.body)}`);
      const servedBefore = emulator.served.length;
      const started = Date.now();
      const { code, stdout } = await runSync({ EMULATOR_URL: emulator.url, DATABASE_URL: databaseUrl, STRIPE_REQUESTS_PER_SECOND: String(rate) });
      const elapsedSeconds = (Date.now() - started) / 1000;
      if (code !== 0) console.error(stdout);
      const { seeded } = emulator;
      const listPages = [pages(seeded.customers), pages(seeded.subscriptions), pages(seeded.invoices)];
      const minimumRequests = listPages.reduce((a, b) => a + b, 0);
      // The account's limit over every page, and each list's endpoint limit over its own pages.
      const minimumSeconds = Math.max(minimumRequests / rate, ...listPages.map((n) => n / perEndpoint));
      const refused = (await control<{ over_rate_limit: number }>(emulator, 'GET', '/faults/injected')).body.over_rate_limit;
      rows.push({
        rate,
        perEndpoint,
        objects: seeded.customers + seeded.subscriptions + seeded.invoices,
        customers: seeded.customers,
        subscriptions: seeded.subscriptions,
        invoices: seeded.invoices,
        requests: emulator.served.length - servedBefore,
        minimumRequests,
        minimumSeconds,
        elapsedSeconds: Number(elapsedSeconds.toFixed(1)),
        targetSeconds: Number((1.2 * minimumSeconds).toFixed(1)),
        met: code === 0 && elapsedSeconds <= 1.2 * minimumSeconds,
        drift: await driftAgainst(emulator, databaseUrl),
        rateLimited: refused,
        syncSeconds: Number(/synced in ([\d.]+) s/.exec(stdout)?.[1] ?? NaN) || null,
        syncCpuSeconds: Number(/\(([\d.]+) s of CPU\)/.exec(stdout)?.[1] ?? NaN) || null,
        exitCode: code,
        load: loadavg()[0]!,
      });
    }
  } finally {
    await emulator.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const scale = Number(arg('scale') ?? 1);
  const rates = (arg('rate') ?? '100').split(',').map(Number);
  const rows = await runSyncBackfillBench({ scale, rates, latencyMs: Number(arg('latency') ?? 0) });
  console.table(
    rows.map((r) => ({
      objects: r.objects,
      requests: r.requests,
      minimum: r.minimumRequests,
      'req/s': r.rate,
      'elapsed s': r.elapsedSeconds,
      'target s': r.targetSeconds,
      'sync s': r.syncSeconds,
      'sync CPU s': r.syncCpuSeconds,
      met: r.met,
      drift: r.drift,
      '429s': r.rateLimited,
      load: r.load,
    })),
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/sync-backfill.json', JSON.stringify({ at: new Date().toISOString(), scale, rows }, null, 2));
  console.log('written: bench/results/sync-backfill.json');
}
