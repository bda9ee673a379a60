import type { ServerType } from '@hono/node-server';
import type Stripe from 'stripe';
import { startEmulator, type RunningEmulator } from '../../emulator';
import type { RecurApp } from '../../server/app';
import { assembleRecur } from '../../server/assemble';
import { ensureOwner } from '../../server/auth/owner';
import { seedDemoCatalog } from '../../server/billing/catalog';
import { importCatalog } from './catalog';
import { loadConfig } from '../../server/config';
import { initModels } from '../../server/db/models';
import { migrate } from '../../server/db/migrate';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { createLogger, type Logger } from '../../server/logger';
import { createStripeClient } from '../../server/stripe/client';
import { StripePace } from '../../server/stripe/pace/pace';
import { registerWebhookEndpoint } from '../../server/stripe/webhookEndpoint';
import type { ApplyThreadOptions } from '../../server/stripe/inbox/applyThread';
import type { Inbox } from '../../server/stripe/inbox';
import type { Sender } from '../../server/notify/sender';
import type { WebhookWorker } from '../../server/appEvents/worker';
import { listen } from '../../server/http/server';
import { dropTestDatabase, testDatabaseUrl } from './database';
import { freePort } from './ports';

export const OWNER_EMAIL = 'owner@test.local';
export const OWNER_PASSWORD = 'correct horse battery staple';
export const TEST_WEBHOOK_SECRET = 'whsec_test_recur_signing_secret';

export interface TestRecur {
  app: RecurApp;
  db: Database;
  stripe: Stripe;
  emulator: RunningEmulator;
  inbox: Inbox;
  /** the Stripe request budget of syncs (and catch-ups given it): test mode's 25/s, back-offs in milliseconds */
  stripePace: StripePace;
  /** the outbox's sender, as server/runtime.ts starts it (with SMTP_URL = smtpUrl) */
  sender: Sender;
  /** outgoing webhooks' worker, as server/runtime.ts starts it (quick polls and retries); a test may replace it */
  webhooksOut: WebhookWorker;
  baseUrl: string;
  /** serves the app on a real port and registers it with the emulator, so deliveries arrive over HTTP */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Recur as the tests see it: a real database (a SQLite file, or PostgreSQL with TEST_DATABASE_URL), the real emulator over HTTP, the real app.
 * The webhook secret is fixed so tests can sign their own events.
 */
export interface TestRecurOptions {
  /** share an emulator between instances (its state is Stripe's truth for all of them) */
  emulator?: RunningEmulator;
  /** create the demo catalog in Stripe (default: only with an emulator of its own) */
  seed?: boolean;
  /** SMTP_URL: e-mail also leaves through nodemailer to this server (see test/helpers/smtp.ts) */
  smtpUrl?: string;
  /** Recur's logger (default: errors only) */
  log?: Logger;
  /** the public URL (PUBLIC_URL) links and cookie flags are built from (default: its own http address) */
  publicUrl?: string;
  /** share a database between instances (the caller drops it); default: a fresh one, dropped on close */
  databaseUrl?: string;
  /** more configuration, as environment variables (e.g. REQUEST_TIMEOUT_MS for the slow-client tests) */
  env?: Record<string, string>;
  /** the webhook inbox's options (e.g. a short retireAfterMs for the apply thread) */
  inbox?: ApplyThreadOptions;
}

export async function startTestRecur(options: TestRecurOptions = {}): Promise<TestRecur> {
  const port = await freePort();
  const ownDatabase = !options.databaseUrl;
  const databaseUrl = options.databaseUrl ?? (await testDatabaseUrl());
  const config = loadConfig({
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    LOG_LEVEL: 'silent',
    SMTP_URL: options.smtpUrl,
    ...options.env,
  });
  const ownEmulator = !options.emulator;
  const emulator = options.emulator ?? (await startEmulator({ port: 0 }));
  const connection = { secretKey: 'sk_test_recur_tests', emulatorUrl: emulator.url };
  const stripe = createStripeClient(connection.secretKey, connection.emulatorUrl);
  const db = await openDatabase(config.DATABASE_URL);
  initModels(db.sequelize);
  await migrate(db.sequelize);
  // The catalog is Stripe's: a shared emulator already has it, and prices must keep their ids.
  if (options.seed ?? ownEmulator) await seedDemoCatalog(db, stripe);
  else await importCatalog(db, stripe);
  await ensureOwner(db, OWNER_EMAIL, OWNER_PASSWORD);
  const baseUrl = `http://127.0.0.1:${port}`;
  // Errors only: a 500 in a CI run then says what went wrong.
  const log = options.log ?? createLogger('error');
  // The product's own wiring (server/assemble.ts), with quick polls and retries: tests wait for
  // e-mails the webhook thread queues, and for events to be applied.
  const parts = assembleRecur(
    { config, log, db, stripe, connection, stripeMode: 'emulator', webhookSecret: TEST_WEBHOOK_SECRET, baseUrl: options.publicUrl ?? baseUrl },
    {
      inbox: { retryDelaysMs: [50, 100, 200], ...options.inbox },
      stripePace: new StripePace(25, { retries: 10, minMs: 10, maxMs: 200 }),
      sender: { pollMs: 100, retryDelaysMs: [100, 200] },
      webhooksOut: { pollMs: 100, retry: { firstDelayMs: 100, maxDelayMs: 400 }, timeoutMs: 5_000 },
    },
  );
  const { app, inbox, stripePace, sender, webhooksOut } = parts;
  let server: ServerType | undefined;
  const running: TestRecur = {
    app,
    db,
    stripe,
    emulator,
    inbox,
    stripePace,
    sender,
    webhooksOut,
    baseUrl,
    async listen() {
      // The server as `npm start` runs it: its timeouts and connection cap come from the config.
      server = await listen(app.fetch, port, '127.0.0.1', config);
      await registerWebhookEndpoint(stripe, db, `${baseUrl}/webhooks/stripe`, TEST_WEBHOOK_SECRET);
      return baseUrl;
    },
    async close() {
      if (server) await new Promise<void>((done) => server!.close(() => done()));
      await parts.stop();
      // a test may have replaced the sender or the outgoing-webhooks worker (a restart): stop those too
      if (running.sender !== sender) await running.sender.stop();
      if (running.webhooksOut !== webhooksOut) await running.webhooksOut.stop();
      if (ownEmulator) await emulator.close();
      await db.close();
      if (ownDatabase) await dropTestDatabase(databaseUrl);
    },
  };
  return running;
}

/** Signs in through the API and returns the Cookie header value for later requests. */
export async function signInCookie(app: RecurApp, email = OWNER_EMAIL, password = OWNER_PASSWORD): Promise<string> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}

/** Polls until check() returns a value (webhooks are delivered asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
