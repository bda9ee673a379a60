import type Stripe from 'stripe';
import type { SessionUser } from '../auth/sessions';
import { Op } from 'sequelize';
import { Plan, Price, Subscription } from '../db/models';
import type { HandlerContext } from '../stripe/handlers';
import { mirrorNow } from './mirrorNow';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';
import type { PlanInput, PlanUpdate } from '../../shared/plan';
import { audit } from './audit';
import { syncPlanToStripe } from './catalog';
import { bumpSignupFormsVersion } from './signupFormsVersion';

interface Deps {
  db: Database;
  stripe: Stripe;
}

/** Fields Stripe prices cannot change: a new value means a new price. */
const PRICE_FIELDS = ['amount', 'currency', 'interval', 'intervalCount'] as const;

async function findPlan(id: number): Promise<Plan> {
  const plan = await Plan.findByPk(id);
  if (!plan) throw new NotFoundError(`No plan with id ${id}`);
  return plan;
}

export async function createPlan({ db, stripe }: Deps, input: PlanInput, actor: SessionUser): Promise<Plan> {
  const plan = await db.write(async (transaction) => {
    const created = await Plan.create({ ...input, stripeProductId: null, stripePriceId: null }, { transaction });
    await audit(actor, { action: 'plan.create', entityType: 'plan', entityId: created.id, details: { ...input } }, transaction);
    return created;
  });
  const synced = await syncPlanToStripe(db, stripe, plan);
  bumpSignupFormsVersion(); // the signup pages show plans: re-render them
  return synced;
}

/**
 * Name, tier, trial and active status update the Stripe product; a new amount, currency or
 * interval creates a new Stripe price and archives the old one. Existing subscribers keep the
 * price they signed up at until an admin migrates them.
 */
export async function updatePlan({ db, stripe }: Deps, id: number, changes: PlanUpdate, actor: SessionUser): Promise<Plan> {
  const plan = await findPlan(id);
  const next = { ...plan.get(), ...changes };
  const priceChanged = PRICE_FIELDS.some((field) => changes[field] !== undefined && changes[field] !== plan[field]);
  if (plan.stripeProductId) {
    await stripe.products.update(plan.stripeProductId, { name: next.name, active: next.active, metadata: { tier: next.tier } });
  }
  let stripePriceId = plan.stripePriceId;
  if (priceChanged && plan.stripeProductId) {
    const price = await stripe.prices.create({
      product: plan.stripeProductId,
      unit_amount: next.amount,
      currency: next.currency,
      recurring: { interval: next.interval, interval_count: next.intervalCount },
      metadata: { recurPlanId: String(plan.id), tier: next.tier },
    });
    if (plan.stripePriceId) await stripe.prices.update(plan.stripePriceId, { active: false });
    stripePriceId = price.id;
  }
  const updated = await db.write(async (transaction) => {
    if (priceChanged && stripePriceId) {
      await Price.update({ active: false }, { where: { planId: plan.id }, transaction });
      await Price.create(
        { planId: plan.id, stripePriceId, amount: next.amount, currency: next.currency, interval: next.interval, intervalCount: next.intervalCount },
        { transaction },
      );
    }
    await audit(actor, { action: 'plan.update', entityType: 'plan', entityId: plan.id, details: { ...changes, newPrice: priceChanged ? stripePriceId : undefined } }, transaction);
    return plan.update({ ...changes, stripePriceId }, { transaction });
  });
  bumpSignupFormsVersion(); // the signup pages show plans: re-render them
  return updated;
}

/** Plans are archived, never deleted: subscriptions and payments keep pointing at them. */
export async function archivePlan(deps: Deps, id: number, actor: SessionUser): Promise<Plan> {
  return updatePlan(deps, id, { active: false }, actor);
}

/**
 * Moves a plan's subscribers from an older price to the plan's current one, from their next
 * renewal (no proration): existing subscribers keep their price until an admin does this.
 */
export async function migrateSubscribers(ctx: HandlerContext, id: number, actor: SessionUser): Promise<{ migrated: number }> {
  const plan = await findPlan(id);
  if (!plan.stripePriceId) throw new ConflictError('The plan has no Stripe price yet');
  const subscriptions = await Subscription.findAll({
    where: { planId: plan.id, status: { [Op.in]: ['active', 'trialing', 'past_due'] }, stripePriceId: { [Op.ne]: plan.stripePriceId } },
  });
  for (const subscription of subscriptions) {
    const remote = await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    const item = remote.items.data[0];
    if (!item) continue;
    const updated = await ctx.stripe.subscriptions.update(
      subscription.stripeSubscriptionId,
      { items: [{ id: item.id, price: plan.stripePriceId }], proration_behavior: 'none' },
      { idempotencyKey: `recur-migrate-${subscription.stripeSubscriptionId}-${plan.stripePriceId}` },
    );
    await mirrorNow(ctx, { subscription: updated });
  }
  await ctx.db.write((transaction) =>
    audit(actor, { action: 'plan.migrate_subscribers', entityType: 'plan', entityId: plan.id, details: { migrated: subscriptions.length, price: plan.stripePriceId } }, transaction),
  );
  return { migrated: subscriptions.length };
}
