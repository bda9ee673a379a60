import type Stripe from 'stripe';
import { upsertCustomer } from '../mirror/customers';
import type { EventHandler } from './types';

export const handleCustomerEvent: EventHandler = async (event, { db }) => {
  const customer = event.data.object as Stripe.Customer | Stripe.DeletedCustomer;
  // A customer deleted in Stripe keeps its local history: Recur never deletes what it mirrored.
  if (customer.deleted) return;
  await db.write((t) => upsertCustomer(customer, event.created, t));
};
