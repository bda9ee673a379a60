import type { WorkerOptions } from './worker';

/** A Stripe read the apply thread asks the request thread to make with its client. */
export type StripeRead =
  | { resource: 'customers' | 'subscriptions' | 'charges'; id: string }
  | { resource: 'invoices'; id: string; expand?: string[] }
  | { resource: 'chargesOfIntent'; id: string };

/** What the apply thread is started with. */
export interface ApplyThreadData {
  /** the SQLite file; the thread opens its own connections to it */
  storage: string;
  /** the cells of the SharedWriteLock both threads write under */
  lock: SharedArrayBuffer;
  logLevel: string;
  options: WorkerOptions;
}

export type ToApplyThread =
  | { kind: 'kick' }
  | { kind: 'idle'; id: number }
  | { kind: 'unstage'; id: number }
  | { kind: 'stop' }
  | { kind: 'read-result'; id: number; value?: unknown; error?: string };

export type FromApplyThread =
  | { kind: 'idle'; id: number }
  | { kind: 'unstaged'; id: number }
  | { kind: 'stopped' }
  | { kind: 'read'; id: number; read: StripeRead };
