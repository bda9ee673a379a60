import { cancelSubscription, resumeSubscription, type CancellationInput } from '../billing/subscriptions';
import { Plan, type Customer, type Subscription } from '../db/models';
import { ConflictError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { customerActor } from './actor';
import { ownSubscription } from './ownership';

export interface CancelSummary {
  id: number;
  planName: string;
  currentPeriodEnd: Date | null;
}

/** What the confirmation step names: the plan and the day access ends. */
export async function cancelSummaryFor(customer: Customer, subscriptionId: number): Promise<CancelSummary> {
  const subscription = await ownSubscription(customer, subscriptionId);
  if (subscription.cancelAtPeriodEnd) throw new ConflictError('The subscription is already set to end with this period');
  const plan = subscription.planId ? await Plan.findByPk(subscription.planId) : null;
  return { id: subscription.id, planName: plan?.name ?? 'your subscription', currentPeriodEnd: subscription.currentPeriodEnd };
}

/** Customers cancel at the end of the period they paid for, never at once (no refund questions). */
export async function cancelAtPeriodEndFor(
  ctx: HandlerContext,
  customer: Customer,
  subscriptionId: number,
  why: CancellationInput = {},
): Promise<Subscription> {
  const subscription = await ownSubscription(customer, subscriptionId);
  if (subscription.cancelAtPeriodEnd) throw new ConflictError('The subscription is already set to end with this period');
  return cancelSubscription(ctx, subscription.id, true, customerActor(customer), why);
}

export async function resumeFor(ctx: HandlerContext, customer: Customer, subscriptionId: number): Promise<Subscription> {
  const subscription = await ownSubscription(customer, subscriptionId);
  return resumeSubscription(ctx, subscription.id, customerActor(customer));
}
