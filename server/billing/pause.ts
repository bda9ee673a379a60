import type Stripe from 'stripe';
import type { Subscription } from '../db/models';
import { ConflictError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import type { AuditActor } from './audit';
import { finish, load } from './subscriptions';
import type { PauseRequest } from '../../shared/pause';
import { isPausable } from '../../shared/subscriptionStatus';

/** Stripe's refusal (a subscription that ended there before its webhook arrived here) in the admin's words. */
function refused(error: unknown): never {
  const stripeError = error as Stripe.errors.StripeError;
  if (stripeError.type === 'StripeInvalidRequestError') throw new ConflictError(`Stripe refused: ${stripeError.message}`);
  throw error;
}

/** A subscription Stripe bills no more (or not yet) has no collection to pause. */

/**
 * Pauses payment collection, as Stripe documents it (docs.stripe.com/billing/subscriptions/pause-payment):
 * the subscription stays `active`, its invoices keep being made, and `behavior` says what becomes
 * of them — voided, kept as drafts, or marked uncollectible. `resumesAt` ends the pause by itself.
 */
export async function pauseSubscription(ctx: HandlerContext, id: number, request: PauseRequest, actor: AuditActor): Promise<Subscription> {
  const subscription = await load(id);
  if (!isPausable(subscription.status)) throw new ConflictError(`The subscription is ${subscription.status}: there is no payment collection to pause`);
  if (subscription.pauseBehavior) throw new ConflictError('Payment collection is already paused; unpause it first to pause it another way');
  const resumesAt = request.resumesAt ? Math.floor(request.resumesAt.getTime() / 1000) : undefined;
  const updated = await ctx.stripe.subscriptions
    .update(subscription.stripeSubscriptionId, {
      pause_collection: { behavior: request.behavior, ...(resumesAt ? { resumes_at: resumesAt } : {}) },
    })
    .catch(refused);
  return finish(ctx, updated, actor, 'subscription.pause', { behavior: request.behavior, resumesAt: request.resumesAt?.toISOString() ?? null });
}

/** Collection resumes now (Stripe: `pause_collection: ''`); the next renewal is charged as usual. */
export async function unpauseSubscription(ctx: HandlerContext, id: number, actor: AuditActor): Promise<Subscription> {
  const subscription = await load(id);
  if (!subscription.pauseBehavior) throw new ConflictError('Payment collection is not paused');
  if (!isPausable(subscription.status)) throw new ConflictError(`The subscription is ${subscription.status}`);
  const updated = await ctx.stripe.subscriptions.update(subscription.stripeSubscriptionId, { pause_collection: '' }).catch(refused);
  return finish(ctx, updated, actor, 'subscription.unpause', { behavior: subscription.pauseBehavior });
}
