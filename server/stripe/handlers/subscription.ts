import type Stripe from 'stripe';
import { upsertSubscription } from '../mirror/subscriptions';
import { idOf } from '../mirror/util';
import { fetchCustomerIfMissing, localCustomerId } from './parents';
import type { EventHandler } from './types';

export const handleSubscriptionEvent: EventHandler = async (event, ctx) => {
  const subscription = event.data.object as Stripe.Subscription;
  const stripeCustomerId = idOf(subscription.customer);
  if (!stripeCustomerId) throw new Error(`subscription ${subscription.id} has no customer`);
  const fetchedCustomer = await fetchCustomerIfMissing(stripeCustomerId, ctx);
  await ctx.db.write(async (t) => {
    const customerId = await localCustomerId(stripeCustomerId, fetchedCustomer, t);
    await upsertSubscription(subscription, customerId, event.created, t);
  });
};
