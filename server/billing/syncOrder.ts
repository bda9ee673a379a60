import type Stripe from 'stripe';
import { idOf } from '../stripe/apply/snapshot';
import { subscriptionIdOfInvoice } from '../stripe/handlers/invoice';
import type { SyncedObject } from './syncApply';
import type { ListName } from './syncCursor';

/**
 * The three lists of a sync are read at once, each at its own endpoint's pace (Stripe limits each
 * endpoint to 25 requests a second, docs.stripe.com/rate-limits: read one after another, the
 * invoices would wait for the customers and subscriptions for nothing). A page is applied once the
 * parents it names are: its subscriptions' and invoices' customers, its invoices' subscriptions,
 * each mirrored by this sync or its list ended. A parent still missing then is read from Stripe
 * as applying does for a webhook; waiting instead keeps those reads to the few a listing lacks.
 */
export class ListsInFlight {
  /** customers and subscriptions this sync applied (rows are never deleted, so they stay mirrored) */
  readonly mirrored = { customer: new Set<string>(), subscription: new Set<string>() };
  private readonly ended = new Set<ListName>();
  private waiters: (() => void)[] = [];
  private applying: Promise<unknown> = Promise.resolve();

  /** Whether every parent `objects` name is applied, or will not be by its list. */
  parentsReady(object: SyncedObject, objects: readonly { id: string }[]): boolean {
    const customerReady = (id: string | null) => id === null || this.ended.has('customers') || this.mirrored.customer.has(id);
    const subscriptionReady = (id: string | null) => id === null || this.ended.has('subscriptions') || this.mirrored.subscription.has(id);
    if (object === 'customer') return true;
    if (object === 'subscription') return (objects as Stripe.Subscription[]).every((s) => customerReady(idOf(s.customer)));
    return (objects as Stripe.Invoice[]).every((i) => customerReady(idOf(i.customer)) && subscriptionReady(subscriptionIdOfInvoice(i)));
  }

  /** Resolves when a list has applied a batch or ended. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** A list applied a batch: pages waiting on its objects may be ready. */
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** A list was read to its end, or stopped: pages waiting on it wait no longer. */
  end(list: ListName): void {
    this.ended.add(list);
    this.notify();
  }

  /**
   * One list's batch at a time, from its transaction to what the run notes after the commit: the
   * cursor a batch writes holds the other lists' positions as committed, never one still in flight.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.applying.then(work, work);
    this.applying = turn.catch(() => undefined);
    return turn;
  }
}
