import type { WorkerOptions } from './worker';

/** The SDK resources the apply thread may retrieve from (`checkoutSessions`: `stripe.checkout.sessions`). */
export type RetrieveResource =
  | 'customers'
  | 'subscriptions'
  | 'invoices'
  | 'charges'
  | 'products'
  | 'prices'
  | 'coupons'
  | 'promotionCodes'
  | 'refunds'
  | 'invoicePayments'
  | 'checkoutSessions'
  | 'subscriptionSchedules';

/** A Stripe read the apply thread asks the request thread to make with its client. */
export type StripeRead = { resource: RetrieveResource; id: string; expand?: string[] } | { resource: 'chargesOfIntent'; id: string };

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
  /** a failed read keeps Stripe's HTTP status and error code: a 404 on a re-read means the object is gone */
  | { kind: 'read-result'; id: number; value?: unknown; error?: string; status?: number; code?: string };

export type FromApplyThread =
  | { kind: 'idle'; id: number }
  | { kind: 'unstaged'; id: number }
  | { kind: 'stopped' }
  | { kind: 'read'; id: number; read: StripeRead };
