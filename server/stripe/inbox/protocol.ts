import type { StripeConnection } from '../client';
import type { WorkerOptions } from './worker';

/** What the apply thread is started with. */
export interface ApplyThreadData {
  /** the SQLite file; the thread opens its own connections to it */
  storage: string;
  /** the cells of the SharedWriteLock both threads write under */
  lock: SharedArrayBuffer;
  /** the IntakeCounter's cell: the request thread counts deliveries, applying yields to a burst of them */
  intake: SharedArrayBuffer;
  logLevel: string;
  /** the thread builds its own Stripe client for the reads applying makes (missing parents, decline details) */
  stripe: StripeConnection;
  options: WorkerOptions;
}

export type ToApplyThread = { kind: 'kick' } | { kind: 'idle'; id: number } | { kind: 'readable'; id: number } | { kind: 'stop' };

export type FromApplyThread = { kind: 'idle'; id: number } | { kind: 'readable'; id: number } | { kind: 'stopped' };
