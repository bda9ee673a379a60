import type Stripe from 'stripe';
import type { Database } from '../../db/sequelize';
import type { Logger } from '../../logger';

export interface HandlerContext {
  stripe: Stripe;
  db: Database;
  log: Logger;
}

/**
 * Applies one verified event. Handlers fetch from Stripe first (outside any transaction, so the
 * single SQLite writer is never held across a network call), then write through db.write.
 */
export type EventHandler = (event: Stripe.Event, ctx: HandlerContext) => Promise<void>;
