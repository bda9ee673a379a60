import type Stripe from 'stripe';
import type { Database } from '../../db/sequelize';
import type { Logger } from '../../logger';
import type { Snapshot } from '../apply/snapshot';
import type { ApplyUnit, Prefetched } from '../apply/unit';

export interface ReadParams {
  expand?: string[];
}

/** A retrieve call of the SDK (`stripe.<resource>.retrieve`), narrowed to what applying passes. */
export interface Retrieve<T> {
  retrieve(id: string, params?: ReadParams): Promise<T>;
}

/**
 * The Stripe reads applying needs: parents that are missing, details payloads lack, and the
 * current state of objects whose events were rendered in another API version (apply/reread.ts).
 */
export interface StripeReads {
  customers: Retrieve<Stripe.Customer | Stripe.DeletedCustomer>;
  subscriptions: Retrieve<Stripe.Subscription>;
  invoices: Retrieve<Stripe.Invoice>;
  charges: Retrieve<Stripe.Charge> & {
    /** every attempt made on one payment intent (Stripe keeps one charge per attempt) */
    list(params: { payment_intent: string; limit: number }): Promise<Stripe.ApiList<Stripe.Charge>>;
  };
  products: Retrieve<Stripe.Product>;
  prices: Retrieve<Stripe.Price>;
  coupons: Retrieve<Stripe.Coupon>;
  promotionCodes: Retrieve<Stripe.PromotionCode>;
  refunds: Retrieve<Stripe.Refund>;
  invoicePayments: Retrieve<Stripe.InvoicePayment>;
  checkout: { sessions: Retrieve<Stripe.Checkout.Session> };
  subscriptionSchedules: Retrieve<Stripe.SubscriptionSchedule>;
}

/**
 * What applying events needs. Narrower than a Stripe client so the apply thread can serve its
 * few reads through the request thread's client (one client, one configuration).
 */
export interface ApplyContext {
  stripe: StripeReads;
  db: Database;
  log: Logger;
}

export interface HandlerContext extends ApplyContext {
  stripe: Stripe;
}

/** Stripe ids of the parents an object needs mirrored first. */
export interface ParentRefs {
  customer?: string | null;
  subscription?: string | null;
  invoice?: string | null;
}

/**
 * Applies every snapshot of one Stripe object type in a batch, set-based: a few queries per
 * batch rather than per event. One module per object type (DESIGN §7).
 */
export interface ObjectHandler<T = unknown> {
  parents?(object: T): ParentRefs;
  /** Stripe reads the payloads cannot answer; runs before the transaction so the writer is never held on the network */
  prefetch?(snapshots: Snapshot<T>[], ctx: ApplyContext, into: Prefetched): Promise<void>;
  apply(snapshots: Snapshot<T>[], unit: ApplyUnit): Promise<void>;
}

export type AnyHandler = ObjectHandler<unknown>;
export type { Stripe };
