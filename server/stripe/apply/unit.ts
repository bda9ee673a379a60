import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import type { Snapshot } from './snapshot';
import type { Sql } from '../../db/sql';

/** Stripe objects read before the transaction: parents no event in the batch carries, and details payloads lack. */
export interface Prefetched {
  /** a deleted customer as Stripe answers it: `{id, deleted: true}` */
  customers: Map<string, Stripe.Customer | Stripe.DeletedCustomer>;
  subscriptions: Map<string, Stripe.Subscription>;
  /** invoices with payments expanded to their payment intents (for decline reasons) */
  invoices: Map<string, Stripe.Invoice>;
  charges: Map<string, Stripe.Charge>;
  /** catalog objects as they are now: their events arrive late and out of order, and carry no version to compare */
  prices: Map<string, Stripe.Price>;
  products: Map<string, Stripe.Product>;
  schedules: Map<string, Stripe.SubscriptionSchedule>;
  /** invoice id → the charges of its payment intents, oldest first: one per payment attempt */
  invoiceCharges: Map<string, Stripe.Charge[]>;
  at: number;
}

/** The state one batch shares while it applies inside a single transaction. */
export interface ApplyUnit {
  transaction: Transaction;
  /** plain statements inside `transaction`, for the high-volume handlers */
  sql: Sql;
  prefetched: Prefetched;
  /** Stripe id → local id, filled as each object type applies (customers before subscriptions ...) */
  customerIds: Map<string, number>;
  subscriptionIds: Map<string, number>;
  invoiceIds: Map<string, number>;
  /** customers whose totals must be recomputed once the batch is applied */
  touchedCustomers: Set<number>;
  /**
   * customers whose payments changed (a new attempt, a refund): what they paid is recomputed; their
   * run-rate comes from subscriptions and discounts, and is recomputed only if they are touched too
   */
  paidCustomers: Set<number>;
  /** the one read made under the write lock (see the schedule handler); every other read is prefetched */
  stripe: { subscriptionSchedules: { retrieve(id: string): Promise<Stripe.SubscriptionSchedule> } };
}

export type SnapshotsByType = Map<string, Snapshot<unknown>[]>;

export function emptyPrefetched(at: number): Prefetched {
  return {
    customers: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    charges: new Map(),
    prices: new Map(),
    products: new Map(),
    schedules: new Map(),
    invoiceCharges: new Map(),
    at,
  };
}
