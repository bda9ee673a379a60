// `npm run bench`: every benchmark in turn, one table of figures against their targets, and
// bench/results/latest.json with the machine they came from. Each benchmark also runs alone
// (npx tsx bench/<name>.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { measureBundle } from './bundle';
import { runEmulatorBench } from './emulator';
import { runListBench } from './list';
import { runSignupBench } from './signup';
import { runSyncPaceBench } from './syncPace';
import { runWebhookBench } from './webhooks';

interface Row {
  benchmark: string;
  figure: string;
  target: string;
  met: boolean;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};

  const bundle = measureBundle();
  raw.bundle = bundle;
  rows.push(
    { benchmark: 'admin initial JS, gzipped KB', figure: String(bundle.initialKb), target: '≤ 400', met: bundle.initialKb <= 400 },
    { benchmark: 'admin charts (lazy), gzipped KB', figure: String(bundle.chartsKb), target: '(lazy chunk)', met: bundle.chartsKb > 0 },
  );

  const webhooks = await runWebhookBench();
  raw.webhooks = webhooks;
  rows.push(
    { benchmark: 'webhooks: accepted events/s (50 conns)', figure: String(webhooks.acceptedPerSecond), target: '≥ 6000', met: webhooks.acceptedPerSecond >= 6000 },
    { benchmark: 'webhooks: p99 ms', figure: String(webhooks.p99Ms), target: '≤ 25', met: webhooks.p99Ms <= 25 },
    { benchmark: 'webhooks: applied events/s', figure: String(webhooks.appliedPerSecond), target: '≥ 5000', met: webhooks.appliedPerSecond >= 5000 },
    { benchmark: 'webhooks: events lost', figure: String(webhooks.eventsSent - webhooks.eventsStored), target: '0', met: webhooks.eventsSent === webhooks.eventsStored },
    { benchmark: 'webhooks: server peak RSS MB', figure: String(webhooks.peakRssMb), target: '≤ 250', met: webhooks.peakRssMb <= 250 },
    { benchmark: 'hello-world Hono req/s (same run)', figure: String(webhooks.helloWorldRps), target: '(scale)', met: true },
  );

  const list = await runListBench();
  raw.list = list;
  for (const row of list.rows) {
    rows.push(
      { benchmark: `list ${row.case}: req/s`, figure: String(row.requestsPerSecond), target: '≥ 1500', met: row.requestsPerSecond >= 1500 },
      { benchmark: `list ${row.case}: p99 ms`, figure: String(row.p99Ms), target: '≤ 75', met: row.p99Ms <= 75 },
    );
  }

  const signup = await runSignupBench();
  raw.signup = signup;
  rows.push(
    { benchmark: 'signup form GET /signup/:slug req/s (50 conns)', figure: String(signup.requestsPerSecond), target: '≥ 10000', met: signup.requestsPerSecond >= 10_000 },
    { benchmark: 'signup form: p99 ms', figure: String(signup.p99Ms), target: '(latency)', met: true },
    { benchmark: 'signup form: page bytes', figure: String(signup.pageBytes), target: '≤ 20480', met: signup.pageBytes <= 20_480 },
  );

  const emulator = await runEmulatorBench();
  raw.emulator = emulator;
  rows.push({ benchmark: `emulator: renew ${emulator.subscriptions} subs (s)`, figure: emulator.seconds.toFixed(1), target: '≤ 30', met: emulator.seconds <= 30 });

  const pace = await runSyncPaceBench();
  raw.syncPace = pace;
  rows.push(
    { benchmark: `sync: Stripe requests in its busiest second (pace ${pace.clean.perSecond}/s)`, figure: String(pace.clean.busiestSecond), target: `≤ ${pace.clean.perSecond}`, met: pace.clean.busiestSecond <= pace.clean.perSecond },
    { benchmark: 'sync with 20% 429s (no Stripe-Should-Retry): objects not applied', figure: String(pace.rateLimited.errors), target: '0', met: pace.rateLimited.errors === 0 && pace.rateLimited.rateLimited > 0 },
  );

  console.table(rows);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), machine, rows, raw }, null, 2));
  console.log('written: bench/results/latest.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
