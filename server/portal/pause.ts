import { pauseSubscription, unpauseSubscription } from '../billing/pause';
import { getPortalPolicy } from '../billing/settings';
import { Plan, type Customer, type Subscription } from '../db/models';
import { ConflictError, ForbiddenError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { customerActor } from './actor';
import { ownSubscription } from './ownership';

export interface PauseSummary {
  id: number;
  planName: string;
  currentPeriodEnd: Date | null;
}

async function mayPause(customer: Customer, subscriptionId: number): Promise<Subscription> {
  const subscription = await ownSubscription(customer, subscriptionId);
  if (!(await getPortalPolicy()).customersMayPause) throw new ForbiddenError('Pausing is not offered here; contact us to pause your subscription');
  if (subscription.pauseBehavior) throw new ConflictError('Your payments are already paused');
  if (subscription.cancelAtPeriodEnd) throw new ConflictError('The subscription is set to end; resume it first');
  return subscription;
}

/** What the pause page names: the plan and the day the next charge would have come. */
export async function pauseSummaryFor(customer: Customer, subscriptionId: number): Promise<PauseSummary> {
  const subscription = await mayPause(customer, subscriptionId);
  const plan = subscription.planId ? await Plan.findByPk(subscription.planId) : null;
  return { id: subscription.id, planName: plan?.name ?? 'your subscription', currentPeriodEnd: subscription.currentPeriodEnd };
}

/** Customers pause with `void`: the paused periods are neither charged nor owed later. */
export async function pauseFor(ctx: HandlerContext, customer: Customer, subscriptionId: number, resumesAt: Date | undefined): Promise<Subscription> {
  const subscription = await mayPause(customer, subscriptionId);
  return pauseSubscription(ctx, subscription.id, { behavior: 'void', resumesAt }, customerActor(customer));
}

/** Unpausing is always offered: it only starts charging again. */
export async function unpauseFor(ctx: HandlerContext, customer: Customer, subscriptionId: number): Promise<Subscription> {
  const subscription = await ownSubscription(customer, subscriptionId);
  return unpauseSubscription(ctx, subscription.id, customerActor(customer));
}
