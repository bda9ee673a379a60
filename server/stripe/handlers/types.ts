import type Stripe from 'stripe';
import type { Database } from '../../db/sequelize';
import type { Logger } from '../../logger';
import type { Snapshot } from '../apply/snapshot';
import type { ApplyUnit, Prefetched } from '../apply/unit';

/** The Stripe reads applying needs: parents that are missing, details payloads lack. */
export interface StripeReads {
  customers: { retrieve(id: string): Promise<Stripe.Customer | Stripe.DeletedCustomer> };
  subscriptions: { retrieve(id: string): Promise<Stripe.Subscription> };
  invoices: { retrieve(id: string, params?: { expand?: string[] }): Promise<Stripe.Invoice> };
  charges: {
    retrieve(id: string): Promise<Stripe.Charge>;
    /** every attempt made on one payment intent (Stripe keeps one charge per attempt) */
    list(params: { payment_intent: string; limit: number }): Promise<Stripe.ApiList<Stripe.Charge>>;
  };
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
