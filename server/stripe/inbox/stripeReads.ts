import type Stripe from 'stripe';
import type { StripeReads } from '../handlers';
import type { StripeRead } from './protocol';

/** Runs a read the apply thread asked for, with the request thread's client. */
export function performRead(stripe: StripeReads, read: StripeRead): Promise<unknown> {
  if (read.resource === 'invoices') return stripe.invoices.retrieve(read.id, read.expand ? { expand: read.expand } : undefined);
  if (read.resource === 'chargesOfIntent') return stripe.charges.list({ payment_intent: read.id, limit: 100 });
  return stripe[read.resource].retrieve(read.id);
}

/**
 * The apply thread's view of Stripe: each read is sent to the request thread and answered there.
 * The answers are Stripe's own JSON, structured-cloned across the thread boundary.
 */
export function readsOverMessages(send: (read: StripeRead) => Promise<unknown>): StripeReads {
  return {
    customers: { retrieve: (id) => send({ resource: 'customers', id }) as Promise<Stripe.Customer | Stripe.DeletedCustomer> },
    subscriptions: { retrieve: (id) => send({ resource: 'subscriptions', id }) as Promise<Stripe.Subscription> },
    charges: {
      retrieve: (id) => send({ resource: 'charges', id }) as Promise<Stripe.Charge>,
      list: ({ payment_intent }) => send({ resource: 'chargesOfIntent', id: payment_intent }) as Promise<Stripe.ApiList<Stripe.Charge>>,
    },
    invoices: { retrieve: (id, params) => send({ resource: 'invoices', id, expand: params?.expand }) as Promise<Stripe.Invoice> },
  };
}
