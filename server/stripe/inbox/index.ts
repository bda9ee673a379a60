import type Stripe from 'stripe';
import type { StripeConnection } from '../client';
import type { HandlerContext } from '../handlers';
import { EventRecorder } from './recorder';
import { startApplyThread, type ApplyThreadOptions } from './applyThread';
import { StagedReads } from './stagedReads';
import { DirectEventStore, StagedEventStore } from './eventStore';
import { EventWorker } from './worker';
import { createIntakeMeter } from './intakeMeter';
import { IntakeCounter, IntakeYield } from './intakeYield';

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
 * `stripe` is what ctx.stripe was built from: the apply thread (SQLite on a file) builds its own
 * client from it.
 */
export function createInbox(ctx: HandlerContext, stripe: StripeConnection, options?: ApplyThreadOptions): Inbox {
  const { storage } = ctx.db;
  const meter = createIntakeMeter();
  const busy = () => meter.perSecond() >= BURST_PER_SECOND;
  // Applying yields to a heavy burst of deliveries (intakeYield.ts), in the apply thread or here.
  const intake = new IntakeCounter();
  const note = () => {
    meter.note();
    intake.note();
  };
  // On a SQLite file, events are applied in a worker thread (the second core), and deliveries are
  // staged in a file of their own; elsewhere (PostgreSQL, an in-memory SQLite only this
  // connection can see) they are stored in stripe_events directly and applied in this thread.
  if (ctx.db.raw && storage) {
    // The request thread's store records (into the staging file); the thread's own takes.
    const store = new StagedEventStore(ctx.db, storage);
    const thread = startApplyThread(ctx, stripe, storage, () => store.hasWork(), intake, options);
    const reads = new StagedReads(() => thread.readable());
    const recorder = new EventRecorder(store, () => {
      reads.noteStaged();
      thread.kick();
    });
    return {
      record: (event) => {
        note();
        return recorder.record(event);
      },
      busy,
      idle: () => thread.idle(),
      kick: () => thread.kick(),
      readable: () => reads.readable(),
      applyThreadRunning: () => thread.running(),
      async stop() {
        await recorder.drained();
        await thread.stop();
        await store.close();
      },
    };
  }
  const store = new DirectEventStore(ctx.db);
  const worker = new EventWorker(ctx, store, options, new IntakeYield(intake));
  worker.start();
  const recorder = new EventRecorder(store, () => worker.kick());
  return {
    record: (event) => {
      note();
      return recorder.record(event);
    },
    busy,
    idle: () => worker.idle(),
    kick: () => worker.kick(),
    readable: () => store.readable(),
    applyThreadRunning: () => false,
    stop: () => worker.stop(),
  };
}
