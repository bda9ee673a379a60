import type Stripe from 'stripe';
import { upsertSubscription } from '../mirror/subscriptions';
import { fetchedAt, idOf } from '../mirror/util';
import { fetchCustomerIfMissing, localCustomerId } from './parents';
import type { EventHandler } from './types';

/**
 * A completed Checkout is the moment a signup becomes a subscription. The subscription's own
 * events normally mirror it; this makes sure it exists even if those are late or lost.
 */
export const handleCheckoutSessionEvent: EventHandler = async (event, ctx) => {
  if (event.type !== 'checkout.session.completed') return;
  const session = event.data.object as Stripe.Checkout.Session;
  const stripeCustomerId = idOf(session.customer);
  const stripeSubscriptionId = idOf(session.subscription);
  if (!stripeCustomerId || !stripeSubscriptionId) return;
  const fetchedCustomer = await fetchCustomerIfMissing(stripeCustomerId, ctx);
  const subscription = await ctx.stripe.subscriptions.retrieve(stripeSubscriptionId);
  await ctx.db.write(async (t) => {
    const customerId = await localCustomerId(stripeCustomerId, fetchedCustomer, t);
    await upsertSubscription(subscription, customerId, fetchedAt(), t);
  });
};
