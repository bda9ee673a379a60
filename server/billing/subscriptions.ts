import type Stripe from 'stripe';
import { Coupon, Plan, Subscription } from '../db/models';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import type { HandlerContext } from '../stripe/handlers';
import { audit, type AuditActor } from './audit';
import type { ChangePreview } from '../../shared/actions';
import { mirrorNow } from './mirrorNow';
import { assertIntervalChangeConfirmed, assertSameCurrency, intervalChangeOf, pricedTerms } from './planChangeRules';
import { upcomingOrConflict } from './upcoming';
import { assertPaidUp, updateWhenPaid } from './paidChange';
import type { CancellationFeedback } from '../../shared/pause';
import { isEnded } from '../../shared/subscriptionStatus';

/** What the caller confirmed having seen in the preview. */
export interface PlanChangeConfirmation {
  /** the preview said the billing period changes: the billing date resets and the new period is charged now */
  intervalChange?: boolean;
}

export async function load(id: number): Promise<Subscription> {
  const subscription = await Subscription.findByPk(id);
  if (!subscription) throw new NotFoundError(`No subscription with id ${id}`);
  return subscription;
}

async function livePlan(planId: number): Promise<Plan & { stripePriceId: string }> {
  const plan = await Plan.findByPk(planId);
  if (!plan) throw new BadRequestError(`No plan with id ${planId}`, { plan: 'is not a plan' });
  if (plan.kind === 'addon') throw new BadRequestError(`${plan.name} is an add-on: add it beside the plan instead`, { plan: 'is an add-on' });
  if (!plan.active || !plan.stripePriceId) throw new ConflictError(`Plan ${plan.name} is archived`);
  return plan as Plan & { stripePriceId: string };
}

export function assertLive(subscription: Subscription): void {
  if (isEnded(subscription.status)) throw new ConflictError(`The subscription is ${subscription.status}`);
}

/**
 * The item that carries the plan: the base item Recur mirrored (add-ons sit beside it, and Stripe
 * does not promise an order), else the item on the subscription's price, else the only one.
 */
export function baseItemOf(remote: Stripe.Subscription, subscription: Subscription): Stripe.SubscriptionItem {
  const items = remote.items.data;
  const item = items.find((i) => i.id === subscription.items[0]?.id) ?? items.find((i) => i.price.id === subscription.stripePriceId) ?? items[0];
  if (!item) throw new ConflictError('The subscription has no item to change');
  return item;
}

async function itemOf(stripe: Stripe, subscription: Subscription): Promise<Stripe.SubscriptionItem> {
  return baseItemOf(await stripe.subscriptions.retrieve(subscription.stripeSubscriptionId), subscription);
}

/**
 * A plan change moves the base item only: the add-ons stay, so the new plan must allow each, and
 * keep the billing period (Stripe bills every item of a subscription on one invoice).
 */
async function assertAddonsStay(subscription: Subscription, plan: Plan): Promise<void> {
  const addonIds = subscription.items.slice(1).map((item) => item.planId);
  if (!addonIds.length) return;
  const refused = addonIds.filter((id) => id === null || !plan.addonIds.includes(id));
  if (refused.length || intervalChangeOf(pricedTerms(subscription), plan)) {
    throw new ConflictError(
      `${plan.name} cannot keep this subscription's add-ons: change the plan and add-ons together with Add-ons & seats, or remove the add-ons first.`,
    );
  }
}

/**
 * What a plan change would charge now, computed by Stripe for a fixed proration date. The change
 * then uses the same date, so the amount charged equals the amount previewed.
 */
export async function previewPlanChange(
  ctx: HandlerContext,
  id: number,
  planId: number,
  prorationDate = Math.floor(Date.now() / 1000),
): Promise<ChangePreview> {
  const subscription = await load(id);
  assertLive(subscription);
  const plan = await livePlan(planId);
  if (plan.stripePriceId === subscription.stripePriceId) throw new ConflictError('The subscription is already on that plan');
  assertSameCurrency(pricedTerms(subscription), plan);
  await assertAddonsStay(subscription, plan);
  const item = await itemOf(ctx.stripe, subscription);
  const invoice = await upcomingOrConflict(() =>
    ctx.stripe.invoices.createPreview({
      subscription: subscription.stripeSubscriptionId,
      subscription_details: { items: [{ id: item.id, price: plan.stripePriceId }], proration_behavior: 'always_invoice', proration_date: prorationDate },
    }),
  );
  return {
    planId,
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    prorationDate,
    lines: invoice.lines.data.map((line) => ({ description: line.description, amount: line.amount })),
    intervalChange: intervalChangeOf(pricedTerms(subscription), plan),
  };
}

export async function changePlan(
  ctx: HandlerContext,
  id: number,
  planId: number,
  prorationDate: number | undefined,
  actor: AuditActor,
  confirm: PlanChangeConfirmation = {},
): Promise<Subscription> {
  const preview = await previewPlanChange(ctx, id, planId, prorationDate);
  assertIntervalChangeConfirmed(preview.intervalChange, confirm.intervalChange === true);
  const subscription = await load(id);
  const plan = await livePlan(planId);
  const remote = await assertPaidUp(ctx, subscription);
  const item = baseItemOf(remote, subscription);
  const current = subscription.planId ? await Plan.findByPk(subscription.planId) : null;
  // The change takes effect only once its charge is paid (DESIGN §7: no change of service before it is paid).
  const updated = await updateWhenPaid(
    ctx,
    remote,
    { items: [{ id: item.id, price: plan.stripePriceId }], proration_behavior: 'always_invoice', proration_date: preview.prorationDate },
    `recur-change-plan-${subscription.stripeSubscriptionId}-${plan.stripePriceId}-${preview.prorationDate}`,
    current?.name ?? 'its current plan',
  );
  return finish(ctx, updated, actor, 'subscription.change_plan', { planId, amountDue: preview.amountDue, prorationDate: preview.prorationDate });
}

/** Why the customer leaves: Stripe's cancellation_details (docs.stripe.com/api/subscriptions/cancel). */
export interface CancellationInput {
  reason?: CancellationFeedback;
  comment?: string;
}

export async function cancelSubscription(
  ctx: HandlerContext,
  id: number,
  atPeriodEnd: boolean,
  actor: AuditActor,
  why: CancellationInput = {},
): Promise<Subscription> {
  const subscription = await load(id);
  assertLive(subscription);
  const details =
    why.reason || why.comment
      ? { cancellation_details: { ...(why.reason ? { feedback: why.reason } : {}), ...(why.comment ? { comment: why.comment } : {}) } }
      : {};
  const updated = atPeriodEnd
    ? await ctx.stripe.subscriptions.update(subscription.stripeSubscriptionId, { cancel_at_period_end: true, ...details })
    : await ctx.stripe.subscriptions.cancel(subscription.stripeSubscriptionId, details);
  return finish(ctx, updated, actor, atPeriodEnd ? 'subscription.cancel_at_period_end' : 'subscription.cancel', { ...why });
}

export async function resumeSubscription(ctx: HandlerContext, id: number, actor: AuditActor): Promise<Subscription> {
  const subscription = await load(id);
  assertLive(subscription);
  if (!subscription.cancelAtPeriodEnd) throw new ConflictError('The subscription is not set to cancel');
  const updated = await ctx.stripe.subscriptions.update(subscription.stripeSubscriptionId, { cancel_at_period_end: false });
  return finish(ctx, updated, actor, 'subscription.resume', {});
}

/** Free days push the next charge back: Stripe's way is a trial that ends that much later. */
export async function extendSubscription(ctx: HandlerContext, id: number, days: number, actor: AuditActor): Promise<Subscription> {
  const subscription = await load(id);
  assertLive(subscription);
  const from = Math.max(Math.floor((subscription.trialEnd ?? subscription.currentPeriodEnd ?? new Date()).getTime() / 1000), Math.floor(Date.now() / 1000));
  const updated = await ctx.stripe.subscriptions.update(subscription.stripeSubscriptionId, { trial_end: from + days * 86_400, proration_behavior: 'none' });
  return finish(ctx, updated, actor, 'subscription.extend', { days });
}

export async function applyCoupon(ctx: HandlerContext, id: number, couponId: number, actor: AuditActor): Promise<Subscription> {
  const subscription = await load(id);
  assertLive(subscription);
  const coupon = await Coupon.findByPk(couponId);
  if (!coupon) throw new BadRequestError(`No coupon with id ${couponId}`, { couponId: 'is not a coupon' });
  if (!coupon.valid) throw new ConflictError('That coupon was deleted or can no longer be redeemed');
  const updated = await ctx.stripe.subscriptions.update(subscription.stripeSubscriptionId, { discounts: [{ coupon: coupon.stripeCouponId }] });
  return finish(ctx, updated, actor, 'subscription.apply_coupon', { couponId, coupon: coupon.stripeCouponId });
}

export async function finish(
  ctx: HandlerContext,
  updated: Stripe.Subscription,
  actor: AuditActor,
  action: string,
  details: Record<string, unknown>,
): Promise<Subscription> {
  await mirrorNow(ctx, { subscription: updated });
  const local = await Subscription.findOne({ where: { stripeSubscriptionId: updated.id } });
  if (!local) throw new NotFoundError('The subscription disappeared while it was being changed');
  await ctx.db.write((transaction) => audit(actor, { action, entityType: 'subscription', entityId: local.id, details }, transaction));
  return local;
}
