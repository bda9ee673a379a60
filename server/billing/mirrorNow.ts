import type Stripe from 'stripe';
import { applySnapshots } from '../stripe/apply/batch';
import { fetched } from '../stripe/apply/snapshot';
import type { HandlerContext } from '../stripe/handlers';

/**
 * After an admin action, the object Stripe returned is applied at once, so the panel shows the
 * result without waiting for the webhook (which then changes nothing).
 */
export function mirrorNow(ctx: HandlerContext, objects: { subscription?: Stripe.Subscription; charge?: Stripe.Charge }): Promise<void> {
  const at = Math.floor(Date.now() / 1000);
  const byType = new Map<string, ReturnType<typeof fetched<unknown>>[]>();
  if (objects.subscription) byType.set('subscription', [fetched(objects.subscription, at)]);
  if (objects.charge) byType.set('charge', [fetched(objects.charge, at)]);
  return applySnapshots(byType, ctx);
}
