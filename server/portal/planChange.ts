import { Op } from 'sequelize';
import { changePlan, previewPlanChange, type PlanChangeConfirmation } from '../billing/subscriptions';
import { Plan, type Customer, type Subscription } from '../db/models';
import { ConflictError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import type { ChangePreview } from '../../shared/actions';
import { customerActor } from './actor';
import { ownSubscription } from './ownership';

/**
 * A preview is honoured for this long. The proration date is the customer's to send back, so it
 * must be one Recur chose recently: an old one would let a downgrade be credited for time
 * already used.
 */
export const PREVIEW_VALID_SECONDS = 30 * 60;

/** The active plans a subscription could move to, cheapest first: only in its own currency, which Stripe never changes. */
export async function otherPlans(customer: Customer, subscriptionId: number): Promise<{ subscription: Subscription; plans: Plan[] }> {
  const subscription = await ownSubscription(customer, subscriptionId);
  const plans = await Plan.findAll({
    where: {
      active: true,
      kind: 'base',
      stripePriceId: { [Op.ne]: null },
      currency: subscription.currency.toLowerCase(),
      ...(subscription.planId ? { id: { [Op.ne]: subscription.planId } } : {}),
    },
    order: [
      ['amount', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return { subscription, plans };
}

export async function previewChangeFor(
  ctx: HandlerContext,
  customer: Customer,
  subscriptionId: number,
  planId: number,
): Promise<{ preview: ChangePreview; plan: Plan }> {
  const subscription = await ownSubscription(customer, subscriptionId);
  const preview = await previewPlanChange(ctx, subscription.id, planId);
  const plan = (await Plan.findByPk(planId))!;
  return { preview, plan };
}

export async function changePlanFor(
  ctx: HandlerContext,
  customer: Customer,
  subscriptionId: number,
  planId: number,
  prorationDate: number,
  confirm: PlanChangeConfirmation = {},
): Promise<Subscription> {
  const subscription = await ownSubscription(customer, subscriptionId);
  const age = Math.floor(Date.now() / 1000) - prorationDate;
  if (age < 0 || age > PREVIEW_VALID_SECONDS) throw new ConflictError('That preview has expired. Look at the new price and confirm again.');
  return changePlan(ctx, subscription.id, planId, prorationDate, customerActor(customer), confirm);
}
