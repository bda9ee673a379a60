import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { subscriptionEnded } from './schedules/lifecycle';

/** Ends a subscription now, as a cancel call, an exhausted retry schedule or a period-end cancellation does. */
export function endSubscription(
  rt: Runtime,
  sub: Stripe.Subscription,
  reason: Stripe.Subscription.CancellationDetails.Reason,
  origin: EventOrigin,
  details: { comment?: string | null; feedback?: Stripe.Subscription.CancellationDetails.Feedback | null } = {},
): Stripe.Subscription {
  const now = rt.clock.now();
  const ended: Stripe.Subscription = {
    ...sub,
    status: 'canceled',
    canceled_at: sub.canceled_at ?? now,
    ended_at: now,
    cancel_at: sub.cancel_at,
    cancellation_details: {
      comment: details.comment ?? sub.cancellation_details?.comment ?? null,
      feedback: details.feedback ?? sub.cancellation_details?.feedback ?? null,
      feedback_option: null,
      reason,
    },
  };
  rt.store.subscriptions.replace(ended);
  rt.bus.publish({ type: 'customer.subscription.deleted', data: { object: ended } }, origin);
  // A schedule managing the subscription cannot outlive it.
  subscriptionEnded(rt, ended, reason, origin);
  return ended;
}
