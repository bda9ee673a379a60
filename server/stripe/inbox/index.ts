import type Stripe from 'stripe';
import type { HandlerContext } from '../handlers';
import { EventRecorder } from './recorder';
import { startApplyThread, type ApplyThread } from './applyThread';
import { EventWorker, type WorkerOptions } from './worker';

/** The webhook inbox: durable recording on delivery, and the worker that applies what was recorded. */
export interface Inbox {
  record(event: Stripe.Event): Promise<boolean>;
  /** resolves when every stored event has been applied (or has failed) */
  idle(): Promise<void>;
  kick(): void;
  stop(): Promise<void>;
}

export function createInbox(ctx: HandlerContext, options?: WorkerOptions): Inbox {
  const worker = applier(ctx, options);
  const recorder = new EventRecorder(ctx.db, () => worker.kick());
  return {
    record: (event) => recorder.record(event),
    idle: () => worker.idle(),
    kick: () => worker.kick(),
    stop: () => worker.stop(),
  };
}

/**
 * On a SQLite file, events are applied in a worker thread (the second core); elsewhere (PostgreSQL,
 * an in-memory SQLite only this connection can see) in this thread, in the background.
 */
function applier(ctx: HandlerContext, options?: WorkerOptions): ApplyThread {
  const { storage } = ctx.db;
  if (ctx.db.raw && storage) return startApplyThread(ctx, storage, options);
  const worker = new EventWorker(ctx, options);
  worker.start();
  return worker;
}
