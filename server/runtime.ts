import { dirname, join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator';
import { assembleRecur } from './assemble';
import { ensureOwner, type OwnerAccount } from './auth/owner';
import { seedDemoCatalog, syncCatalog } from './billing/catalog';
import { publicUrl, stripeMode, type Config } from './config';
import { initModels } from './db/models';
import { migrate } from './db/migrate';
import { openDatabase } from './db/sequelize';
import type { Logger } from './logger';
import { createStripeClient, EMULATOR_SECRET_KEY, PINNED_API_VERSION, type StripeConnection } from './stripe/client';
import { registerWebhookEndpoint, webhookSetup } from './stripe/webhookEndpoint';
import { scheduleCatchUp } from './stripe/inbox/catchUp';
import { resumePendingRetries } from './billing/retry';
import { scheduleSignupSweep } from './billing/signupCompletion';
import { listen, listenError } from './http/server';

export interface RunningRecur {
  url: string;
  adminUrl: string;
  owner: OwnerAccount;
  emulator?: RunningEmulator;
  /** the emulator Recur talks to, its own or one given by EMULATOR_URL */
  emulatorUrl?: string;
  close(): Promise<void>;
}

/**
 * Starts the whole of Recur: the emulator when no Stripe key is set, the database (migrated),
 * the demo catalog and owner on first start, the webhook endpoint, and the HTTP server.
 */
export async function startRecur(config: Config, log: Logger): Promise<RunningRecur> {
  const mode = stripeMode(config);
  // The embedded emulator keeps its state beside the database, so a restart finds the same Stripe.
  const startOwn = mode === 'emulator' && !config.EMULATOR_URL;
  const emulator = startOwn
    ? await startEmulator({ port: config.EMULATOR_PORT, dataFile: emulatorDataFile(config.DATABASE_URL) }).catch((error: unknown) => {
        throw listenError(error, config.EMULATOR_PORT, 'EMULATOR_PORT');
      })
    : undefined;
  const emulatorUrl = mode === 'emulator' ? (config.EMULATOR_URL ?? emulator?.url) : undefined;
  const connection: StripeConnection = { secretKey: config.STRIPE_SECRET_KEY ?? EMULATOR_SECRET_KEY, emulatorUrl };
  const stripe = createStripeClient(connection.secretKey, connection.emulatorUrl);
  const db = await openDatabase(config.DATABASE_URL);
  initModels(db.sequelize);
  const baseUrl = publicUrl(config);
  const webhooks = webhookSetup(config);
  if (!webhooks.register) log.warn({ apiVersion: PINNED_API_VERSION }, webhooks.notice);

  // Instances starting together on one PostgreSQL database take turns: one migrates and seeds,
  // the others find it done.
  const { owner, webhookSecret } = await db.exclusive('recur:start-up', async () => {
    const applied = await migrate(db.sequelize);
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
    const seeded = await seedDemoCatalog(db, stripe);
    if (!seeded) await syncCatalog(db, stripe);
    return {
      owner: await ensureOwner(db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD),
      webhookSecret: webhooks.register ? await registerWebhookEndpoint(stripe, db, webhooks.url, webhooks.emulatorSecret) : webhooks.secret,
    };
  });

  const { app, inbox, stripePace, stop: stopParts } = assembleRecur({ config, log, db, stripe, connection, stripeMode: mode, webhookSecret, baseUrl });
  const server = await listen(app.fetch, config.PORT, '0.0.0.0', config).catch(async (error: unknown) => {
    // Close what started, the emulator last: it saves its state on close, and the catalog just
    // seeded into it must still be there when the database that names its ids is opened again.
    await stopParts();
    await db.close();
    await emulator?.close();
    throw listenError(error, config.PORT, 'PORT');
  });
  const stopCatchUp = scheduleCatchUp(stripe, inbox, db, stripePace, 5 * 60_000, (err) => log.warn({ err }, 'event catch-up failed'));
  // Signup details the done page could not apply, and abandoned signups' typed data, are finished here.
  const stopSignupSweep = scheduleSignupSweep(stripe, db, 5 * 60_000, (err) => log.warn({ err }, 'signup sweep failed'));
  const resumed = await resumePendingRetries({ db, stripe });
  if (resumed) log.info({ resumed }, 'completed manual retries interrupted by a restart');

  return {
    url: baseUrl,
    adminUrl: `${baseUrl}/admin/`,
    owner,
    emulator,
    emulatorUrl,
    async close() {
      stopCatchUp();
      await stopSignupSweep();
      await new Promise<void>((done) => server.close(() => done()));
      await stopParts();
      await db.close();
      await emulator?.close();
    },
  };
}

function emulatorDataFile(databaseUrl: string): string {
  const sqlitePath = /^sqlite:(?:\/\/)?(.+)$/.exec(databaseUrl)?.[1];
  return sqlitePath && sqlitePath !== ':memory:' ? join(dirname(resolve(sqlitePath)), 'emulator.json') : resolve('data/emulator.json');
}
