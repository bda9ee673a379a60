import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { previousAttributes } from '../../diff';

/** Stores a changed subscription and announces it with exactly the fields that changed. */
export function saveSubscription(rt: Runtime, current: Stripe.Subscription, next: Stripe.Subscription, origin: EventOrigin): Stripe.Subscription {
  rt.store.subscriptions.replace(next);
  const previous = previousAttributes(current, next);
  if (previous) rt.bus.publish({ type: 'customer.subscription.updated', data: { object: next, previous_attributes: previous } }, origin);
  return next;
}
