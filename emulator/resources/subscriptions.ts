import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { eq, readRoutes } from '../http/read-routes';

const STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;

export function subscriptionRoutes(rt: Runtime) {
  return readRoutes<Stripe.Subscription>(rt, {
    collection: (r) => r.store.subscriptions,
    kind: 'subscription',
    url: '/v1/subscriptions',
    filters: (p) => {
      const customer = p.string('customer');
      const price = p.string('price');
      const status = p.oneOf('status', STATUSES);
      return [
        eq(customer, (s) => (typeof s.customer === 'string' ? s.customer : s.customer.id)),
        (s) => price === undefined || s.items.data.some((i) => i.price.id === price),
        // Without a status filter Stripe hides canceled subscriptions.
        (s) =>
          status === 'all' ||
          (status === undefined && s.status !== 'canceled' && s.status !== 'incomplete_expired') ||
          (status === 'ended' && (s.status === 'canceled' || s.status === 'incomplete_expired')) ||
          s.status === status,
      ];
    },
  });
}
