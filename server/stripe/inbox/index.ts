import type Stripe from 'stripe';
import type { HandlerContext } from '../handlers';
import { EventRecorder } from './recorder';
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
  const worker = new EventWorker(ctx, options);
  const recorder = new EventRecorder(ctx.db, () => worker.kick());
  worker.start();
  return {
    record: (event) => recorder.record(event),
    idle: () => worker.idle(),
    kick: () => worker.kick(),
    stop: () => worker.stop(),
  };
}
