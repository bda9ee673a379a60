// `npm run sync`: reconcile Recur's database with Stripe (or with the running emulator) and print the drift.
// A sync that was killed goes on after the last page it applied; `npm run sync -- --restart` reads everything again.
import { loadConfig, stripeMode } from '../server/config';
import { initModels } from '../server/db/models';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/sequelize';
import { createLogger } from '../server/logger';
import { reconcileWithStripe } from '../server/billing/reconcile';
import { createStripeClient, EMULATOR_SECRET_KEY } from '../server/stripe/client';
import { stripePaceFor } from '../server/stripe/pace/pace';
import { progressBar } from './syncProgressBar';

const config = loadConfig();
const emulatorUrl = stripeMode(config) === 'emulator' ? (config.EMULATOR_URL ?? `http://127.0.0.1:${config.EMULATOR_PORT}`) : undefined;
if (
  emulatorUrl &&
  !(await fetch(`${emulatorUrl}/_emulator/health`).then(
    (r) => r.ok,
    () => false,
  ))
) {
  console.error(`No Stripe key is set and no emulator answers at ${emulatorUrl}: start Recur (npm start) first, or set STRIPE_SECRET_KEY.`);
  process.exit(1);
}
const stripe = createStripeClient(config.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY, emulatorUrl);
const db = await openDatabase(config.DATABASE_URL);
initModels(db.sequelize);
await migrate(db.sequelize);

const pace = stripePaceFor(config);
console.error(
  `Reading from Stripe at up to ${pace.perSecond} requests/s, ${pace.perEndpoint} to any one endpoint (STRIPE_REQUESTS_PER_SECOND, STRIPE_ENDPOINT_REQUESTS_PER_SECOND)`,
);
const bar = progressBar(process.stderr, pace.perSecond);
const started = { at: Date.now(), cpu: process.cpuUsage() };
const report = await reconcileWithStripe(
  { stripe, db, log: createLogger('warn') },
  { pace, progress: (p) => bar.update(p), resume: !process.argv.includes('--restart') },
);
bar.stop();
const cpu = process.cpuUsage(started.cpu);
console.log(`synced in ${((Date.now() - started.at) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU)`);
if (report.resumed) {
  const { startedAt, customers, subscriptions, invoices } = report.resumed;
  console.log(`went on from the sync started ${startedAt}, which had applied ${customers} customers, ${subscriptions} subscriptions, ${invoices} invoices`);
}
console.log(`checked ${report.checked.customers} customers, ${report.checked.subscriptions} subscriptions, ${report.checked.invoices} invoices`);
console.log(
  `created ${report.created}, updated ${report.updated}; ${report.requests.sent} Stripe requests, ${report.requests.rateLimited} answered 429 and sent again`,
);
for (const d of report.drift.slice(0, 50)) console.log(`  ${d.change} ${d.object} ${d.stripeId}: ${Object.keys(d.fields).join(', ')}`);
if (report.driftFound > 50) console.log(`  … and ${report.driftFound - 50} more`);
if (report.errors.length) {
  console.log(`${report.errors.length} could not be applied (the rest was):`);
  for (const e of report.errors.slice(0, 50)) console.log(`  ${e.object} ${e.stripeId ?? '(list)'}: ${e.message}`);
  if (report.errors.length > 50) console.log(`  … and ${report.errors.length - 50} more`);
}
await db.close();
process.exitCode = report.errors.length ? 2 : 0;
