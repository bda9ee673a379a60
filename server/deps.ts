import type Stripe from 'stripe';
import type { Config, StripeMode } from './config';
import type { Database } from './db/sequelize';
import type { Logger } from './logger';
import type { SessionUser } from './auth/sessions';
import type { Inbox } from './stripe/inbox';
import type { Sender } from './notify/sender';
import type { StripePace } from './stripe/pace/pace';

/** Everything the app needs, built once by runtime.ts (or a test) and passed to createApp. */
export interface AppDeps {
  config: Config;
  db: Database;
  stripe: Stripe;
  stripeMode: StripeMode;
  /** the request budget a sync and the event catch-up share (STRIPE_REQUESTS_PER_SECOND) */
  stripePace: StripePace;
  /** the secret webhook deliveries are verified with */
  webhookSecret: string;
  /** where browsers reach Recur: success URLs and links are built from it */
  baseUrl: string;
  log: Logger;
  /** where verified webhook events are recorded and applied from */
  inbox: Inbox;
  /** the e-mail outbox's sender (SMTP_URL, or the outbox only) */
  sender: Sender;
  /** the built admin app (vite build output) */
  adminDir: string;
}

export interface AppEnv {
  Variables: { user: SessionUser };
}
