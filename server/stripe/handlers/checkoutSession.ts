import type Stripe from 'stripe';
import { idOf } from '../apply/snapshot';
import type { ObjectHandler } from './types';

/**
 * A completed Checkout is the moment a signup becomes a subscription. Naming the customer and
 * subscription as parents makes the batch fetch and mirror them if their own events are late or lost.
 */
export const checkoutSessionHandler: ObjectHandler<Stripe.Checkout.Session> = {
  parents: (session) =>
    session.status === 'complete' ? { customer: idOf(session.customer), subscription: idOf(session.subscription) } : {},
  apply: async () => undefined,
};
