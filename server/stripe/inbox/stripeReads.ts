import type Stripe from 'stripe';
import type { ReadParams, StripeReads } from '../handlers';
import type { RetrieveResource, StripeRead } from './protocol';

type Retriever = (stripe: StripeReads, id: string, params?: ReadParams) => Promise<unknown>;

const RETRIEVERS: Record<RetrieveResource, Retriever> = {
  customers: (s, id, p) => s.customers.retrieve(id, p),
  subscriptions: (s, id, p) => s.subscriptions.retrieve(id, p),
  invoices: (s, id, p) => s.invoices.retrieve(id, p),
  charges: (s, id, p) => s.charges.retrieve(id, p),
  products: (s, id, p) => s.products.retrieve(id, p),
  prices: (s, id, p) => s.prices.retrieve(id, p),
  coupons: (s, id, p) => s.coupons.retrieve(id, p),
  promotionCodes: (s, id, p) => s.promotionCodes.retrieve(id, p),
  refunds: (s, id, p) => s.refunds.retrieve(id, p),
  invoicePayments: (s, id, p) => s.invoicePayments.retrieve(id, p),
  checkoutSessions: (s, id, p) => s.checkout.sessions.retrieve(id, p),
  subscriptionSchedules: (s, id, p) => s.subscriptionSchedules.retrieve(id, p),
};

/** Runs a read the apply thread asked for, with the request thread's client. */
export function performRead(stripe: StripeReads, read: StripeRead): Promise<unknown> {
  if (read.resource === 'chargesOfIntent') return stripe.charges.list({ payment_intent: read.id, limit: 100 });
  return RETRIEVERS[read.resource](stripe, read.id, read.expand ? { expand: read.expand } : undefined);
}

/** What crosses the thread boundary of a failed read: the message, and Stripe's status and code if it had them. */
export function readFailure(error: unknown): { error: string; status?: number; code?: string } {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  return {
    error: error instanceof Error ? error.message : String(error),
    ...(typeof statusCode === 'number' ? { status: statusCode } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

/** The failed read on the apply thread's side, shaped like the SDK's errors (`statusCode`, `code`). */
export function readError(message: string, status?: number, code?: string): Error {
  return Object.assign(new Error(message), { statusCode: status, code });
}

/**
 * The apply thread's view of Stripe: each read is sent to the request thread and answered there.
 * The answers are Stripe's own JSON, structured-cloned across the thread boundary, hence the casts.
 */
export function readsOverMessages(send: (read: StripeRead) => Promise<unknown>): StripeReads {
  const retrieve = <T>(resource: RetrieveResource) => ({
    retrieve: (id: string, params?: ReadParams) => send({ resource, id, expand: params?.expand }) as Promise<T>,
  });
  return {
    customers: retrieve('customers'),
    subscriptions: retrieve('subscriptions'),
    invoices: retrieve('invoices'),
    charges: {
      ...retrieve('charges'),
      list: ({ payment_intent }) => send({ resource: 'chargesOfIntent', id: payment_intent }) as Promise<Stripe.ApiList<Stripe.Charge>>,
    },
    products: retrieve('products'),
    prices: retrieve('prices'),
    coupons: retrieve('coupons'),
    promotionCodes: retrieve('promotionCodes'),
    refunds: retrieve('refunds'),
    invoicePayments: retrieve('invoicePayments'),
    checkout: { sessions: retrieve('checkoutSessions') },
    subscriptionSchedules: retrieve('subscriptionSchedules'),
  };
}
