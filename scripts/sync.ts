// `npm run sync`: reconcile Recur's database with Stripe (or with the running emulator) and print the drift.
import { loadConfig, stripeMode } from '../server/config';
import { initModels } from '../server/db/models';
import { migrate } from '../server/db/migrate';
import { openDatabase } from '../server/db/sequelize';
import { createLogger } from '../server/logger';
import { reconcileWithStripe } from '../server/billing/reconcile';
import { createStripeClient, EMULATOR_SECRET_KEY } from '../server/stripe/client';

const config = loadConfig();
const emulatorUrl = stripeMode(config) === 'emulator' ? (config.EMULATOR_URL ?? `http://127.0.0.1:${config.EMULATOR_PORT}`) : undefined;
if (emulatorUrl && !(await fetch(`${emulatorUrl}/_emulator/health`).then((r) => r.ok, () => false))) {
  console.error(`No Stripe key is set and no emulator answers at ${emulatorUrl}: start Recur (npm start) first, or set STRIPE_SECRET_KEY.`);
  process.exit(1);
}
const stripe = createStripeClient(config.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY, emulatorUrl);
const db = await openDatabase(config.DATABASE_URL);
initModels(db.sequelize);
await migrate(db.sequelize);

const bar = (stage: string, done: number) => {
  const width = 30;
  const filled = Math.min(width, Math.floor(Math.log10(done + 1) * 8));
  process.stderr.write(`\r${stage.padEnd(14)} [${'#'.repeat(filled).padEnd(width)}] ${done}   `);
  if (stage === 'applied') process.stderr.write('\n');
};
const report = await reconcileWithStripe({ stripe, db, log: createLogger('warn') }, bar);
console.log(`checked ${report.checked.customers} customers, ${report.checked.subscriptions} subscriptions, ${report.checked.invoices} invoices`);
console.log(`created ${report.created}, updated ${report.updated}`);
for (const d of report.drift.slice(0, 50)) console.log(`  ${d.change} ${d.object} ${d.stripeId}: ${Object.keys(d.fields).join(', ')}`);
if (report.drift.length > 50) console.log(`  … and ${report.drift.length - 50} more`);
await db.close();
