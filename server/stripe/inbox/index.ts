import type Stripe from 'stripe';
import type { RawSqlite } from '../../db/sqliteRaw';
import type { StripeConnection } from '../client';
import type { HandlerContext } from '../handlers';
import { EventRecorder } from './recorder';
import { startApplyThread, type ApplyThreadOptions } from './applyThread';
import { openStaging } from './staging';
import { EventWorker } from './worker';
import { createIntakeMeter } from './intakeMeter';

/** The webhook inbox: durable recording on delivery, and the worker that applies what was recorded. */
export interface Inbox {
  record(event: Stripe.Event): Promise<boolean>;
  /** resolves when every stored event has been applied (or has failed) */
  idle(): Promise<void>;
  kick(): void;
  /** a burst of deliveries is arriving now (BURST_PER_SECOND or more): background work waits for it to pass */
  busy(): boolean;
  /**
   * Resolves once every delivery acknowledged so far can be read from stripe_events (pending if
   * not yet applied): for readers that must list what Stripe was told was received. On SQLite
   * deliveries are staged in a file of their own first; this moves them over.
   */
  readable(): Promise<void>;
  /** SQLite on a file: whether the apply thread runs now (it starts with work and stops when idle) */
  applyThreadRunning(): boolean;
  stop(): Promise<void>;
}

/** Deliveries a second from which intake counts as a burst (a quiet shop sees a few a minute). */
export const BURST_PER_SECOND = 50;

/**
 * Whether the apply thread has work: deliveries staged, events pending, or failed events that wait
 * for an automatic retry. Read through the staging connection, which has the main file attached.
 */
async function workWaiting(staging: RawSqlite): Promise<boolean> {
  const [row] = await staging.all<{ waiting: number }>(
    `SELECT EXISTS (SELECT 1 FROM staged_events)
        OR EXISTS (SELECT 1 FROM app.stripe_events WHERE status = 'pending')
        OR EXISTS (SELECT 1 FROM app.stripe_events WHERE status = 'failed' AND next_attempt_at IS NOT NULL) AS waiting`,
  );
  return Boolean(row?.waiting);
}

/**
 * `stripe` is what ctx.stripe was built from: the apply thread (SQLite on a file) builds its own
 * client from it.
 */
export function createInbox(ctx: HandlerContext, stripe: StripeConnection, options?: ApplyThreadOptions): Inbox {
  const { storage } = ctx.db;
  const meter = createIntakeMeter();
  const busy = () => meter.perSecond() >= BURST_PER_SECOND;
  // On a SQLite file, events are applied in a worker thread (the second core), and deliveries are
  // staged in a file of their own; elsewhere (PostgreSQL, an in-memory SQLite only this
  // connection can see) they are stored in stripe_events directly and applied in this thread.
  if (ctx.db.raw && storage) {
    const staging = openStaging(storage);
    staging.catch((err: unknown) => ctx.log.error({ err }, 'could not open the webhook staging file'));
    const thread = startApplyThread(ctx, stripe, storage, () => staging.then(workWaiting), options);
    const recorder = new EventRecorder(ctx.db, () => thread.kick(), staging);
    return {
      record: (event) => {
        meter.note();
        return recorder.record(event);
      },
      busy,
      idle: () => thread.idle(),
      kick: () => thread.kick(),
      readable: () => thread.unstage(),
      applyThreadRunning: () => thread.running(),
      async stop() {
        await recorder.drained();
        await thread.stop();
        await (await staging).close();
      },
    };
  }
  const worker = new EventWorker(ctx, options);
  worker.start();
  const recorder = new EventRecorder(ctx.db, () => worker.kick());
  return {
    record: (event) => {
      meter.note();
      return recorder.record(event);
    },
    busy,
    idle: () => worker.idle(),
    kick: () => worker.kick(),
    readable: () => Promise.resolve(),
    applyThreadRunning: () => false,
    stop: () => worker.stop(),
  };
}
