import { resolve } from 'node:path';
import type Stripe from 'stripe';
import { createApp, type RecurApp } from './app';
import type { Config, StripeMode } from './config';
import type { Database } from './db/sequelize';
import type { Logger } from './logger';
import type { StripeConnection } from './stripe/client';
import { createInbox, type Inbox } from './stripe/inbox';
import type { ApplyThreadOptions } from './stripe/inbox/applyThread';
import { type StripePace, stripePaceFor } from './stripe/pace/pace';
import { startSender, type Sender, type SenderOptions } from './notify/sender';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from './appEvents/worker';

/** What the parts are built from: the process's configuration and what start-up opened. */
export interface RecurFoundation {
  config: Config;
  log: Logger;
  /** migrated, with the models initialised */
  db: Database;
  /** the client built from `connection` (start-up already used it to seed and register) */
  stripe: Stripe;
  /** the apply thread (SQLite on a file) builds its own client from it */
  connection: StripeConnection;
  stripeMode: StripeMode;
  /** the secret webhook deliveries are verified with */
  webhookSecret: string;
  /** where browsers reach Recur: links and success URLs are built from it */
  baseUrl: string;
}

/** What a caller may tune; `npm start` passes none. The tests shorten polls and retries. */
export interface RecurOverrides {
  inbox?: ApplyThreadOptions;
  sender?: Partial<SenderOptions>;
  webhooksOut?: WebhookWorkerOptions;
  stripePace?: StripePace;
  adminDir?: string;
}

export interface AssembledRecur {
  app: RecurApp;
  stripePace: StripePace;
  inbox: Inbox;
  sender: Sender;
  webhooksOut: WebhookWorker;
  /** Stops the background parts, deliveries first; the database and the HTTP server are the caller's. */
  stop(): Promise<void>;
}

/**
 * Recur's wiring, in one place for `npm start` (runtime.ts) and the tests (test/helpers/recur.ts),
 * so a test runs the parts the product runs, connected the same way: the webhook inbox, the
 * e-mail sender, the outgoing-webhooks worker and the HTTP app over them.
 */
export function assembleRecur(foundation: RecurFoundation, overrides: RecurOverrides = {}): AssembledRecur {
  const { config, log, db, stripe, connection, stripeMode, webhookSecret, baseUrl } = foundation;
  // One budget for the process: a sync and a catch-up running together share it.
  const stripePace = overrides.stripePace ?? stripePaceFor(config);
  const inbox = createInbox({ stripe, db, log }, connection, overrides.inbox);
  const sender = startSender({ db, log, baseUrl }, { smtpUrl: config.SMTP_URL, mailFrom: config.MAIL_FROM, ...overrides.sender });
  // Outgoing webhooks: Recur's own events to the business's apps, held back while a burst of Stripe's arrives.
  const webhooksOut = startWebhookWorker({ db, log, baseUrl }, { intakeBusy: () => inbox.busy(), ...overrides.webhooksOut });
  const app = createApp({
    config,
    db,
    stripe,
    stripeMode,
    stripePace,
    webhookSecret,
    baseUrl,
    log,
    inbox,
    sender,
    adminDir: overrides.adminDir ?? resolve('dist/admin'),
  });
  return {
    app,
    stripePace,
    inbox,
    sender,
    webhooksOut,
    async stop() {
      await inbox.stop();
      await sender.stop();
      await webhooksOut.stop();
    },
  };
}
