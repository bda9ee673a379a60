import type Stripe from 'stripe';
import type { SessionUser } from '../auth/sessions';
import { Op } from 'sequelize';
import { Plan, Price, Subscription } from '../db/models';
import type { HandlerContext } from '../stripe/handlers';
import { mirrorNow } from './mirrorNow';
import type { Database } from '../db/sequelize';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import { assertCatalogFits } from './planAddons';
import type { PlanInput, PlanUpdate } from '../../shared/plan';
import { audit } from './audit';
import { syncPlanToStripe } from './catalog';
import { bumpSignupFormsVersion } from './signupFormsVersion';
import { intervalChangeOf, pricedTerms } from './planChangeRules';
import { formatInterval } from '../../shared/money';
import { planFeatureRows, writePlanFeatures } from './planFeatures';
import { withEntitlementEvents } from './entitlementEvents';
import { LIVE_STATUSES } from '../../shared/subscriptionStatus';

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
  const { features, ...fields } = input;
  await assertCatalogFits(fields);
  // Checked again in the write; first here, so a bad key is a 400 before anything is made.
  if (features) await planFeatureRows(features);
  const plan = await db.write(async (transaction) => {
    const created = await Plan.create({ ...fields, stripeProductId: null, stripePriceId: null }, { transaction });
    if (features) await writePlanFeatures(created.id, await planFeatureRows(features, transaction), transaction);
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
  const { features, ...fields } = changes;
  // Before Stripe is called: an unknown feature key must not leave the product half-updated.
  if (features) await planFeatureRows(features);
  const next = { ...plan.get(), ...fields };
  if (changes.kind !== undefined && changes.kind !== plan.kind) {
    throw new BadRequestError('A plan stays a base plan or an add-on: create a new plan instead', { kind: 'cannot change once the plan exists' });
  }
  await assertCatalogFits(next);
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
      await Price.update({ active: false }, { where: { planId: plan.id, stripePriceId: { [Op.ne]: stripePriceId } }, transaction });
      const fields = {
        planId: plan.id,
        stripePriceId,
        amount: next.amount,
        currency: next.currency,
        interval: next.interval,
        intervalCount: next.intervalCount,
        active: true,
      };
      // The price.created webhook may have recorded the new price first (the apply thread races this request).
      const stored = await Price.findOne({ where: { stripePriceId }, transaction });
      if (stored) await stored.update(fields, { transaction });
      else await Price.create(fields, { transaction });
    }
    if (features) {
      // Subscribers' entitlements move with the plan's values: entitlements.changed in this transaction.
      await withEntitlementEvents(plan.id, transaction, async () => writePlanFeatures(plan.id, await planFeatureRows(features, transaction), transaction));
    }
    await audit(
      actor,
      { action: 'plan.update', entityType: 'plan', entityId: plan.id, details: { ...changes, newPrice: priceChanged ? stripePriceId : undefined } },
      transaction,
    );
    return plan.update({ ...fields, stripePriceId }, { transaction });
  });
  bumpSignupFormsVersion(); // the signup pages show plans: re-render them
  return updated;
}

/** Plans are archived, never deleted: subscriptions and payments keep pointing at them. */
export async function archivePlan(deps: Deps, id: number, actor: SessionUser): Promise<Plan> {
  return updatePlan(deps, id, { active: false }, actor);
}

/**
 * Every subscriber must be movable before the first is moved: Stripe cannot change a subscription's
 * currency, and a new billing period would reset each subscriber's billing date and charge them
 * the new period at once — with proration 'none', without credit for the time they already paid.
 * A bulk action has no per-customer preview to confirm that against, so it is refused: such a
 * change is made per subscription (admin change plan, or the portal), with its preview.
 */
function assertMigratable(plan: Plan, subscriptions: Subscription[]): void {
  const otherCurrency = subscriptions.filter((s) => s.currency.toLowerCase() !== plan.currency.toLowerCase());
  if (otherCurrency.length) {
    const theirs = otherCurrency[0]!.currency.toUpperCase();
    throw new ConflictError(
      `${otherCurrency.length} subscriber${otherCurrency.length > 1 ? 's pay' : ' pays'} in ${theirs}, and ${plan.name}'s current price is in ${plan.currency.toUpperCase()}. ` +
        'Stripe cannot change the currency of a subscription, so they cannot be migrated: nothing was changed.',
    );
  }
  const otherPeriod = subscriptions.filter((s) => intervalChangeOf(pricedTerms(s), plan));
  if (otherPeriod.length) {
    throw new ConflictError(
      `${otherPeriod.length} subscriber${otherPeriod.length > 1 ? 's are' : ' is'} billed over another period than ${plan.name}'s current price ` +
        `(${formatInterval(plan.interval, plan.intervalCount)}). Moving them would reset the billing date of each and charge the new period at once, ` +
        'without credit for the time already paid: nothing was changed. Change those subscriptions one by one instead, each with its preview.',
    );
  }
}

/**
 * Moves a plan's subscribers from an older price to the plan's current one, from their next
 * renewal (no proration): existing subscribers keep their price until an admin does this.
 */
export async function migrateSubscribers(ctx: HandlerContext, id: number, actor: SessionUser): Promise<{ migrated: number }> {
  const plan = await findPlan(id);
  if (!plan.stripePriceId) throw new ConflictError('The plan has no Stripe price yet');
  const subscriptions = await Subscription.findAll({
    where: { planId: plan.id, status: { [Op.in]: [...LIVE_STATUSES] }, stripePriceId: { [Op.ne]: plan.stripePriceId } },
  });
  assertMigratable(plan, subscriptions);
  for (const subscription of subscriptions) {
    const remote = await ctx.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    // The plan's own item; add-ons beside it keep their prices.
    const item = remote.items.data.find((i) => i.id === subscription.items[0]?.id) ?? remote.items.data.find((i) => i.price.id === subscription.stripePriceId);
    if (!item) continue;
    const updated = await ctx.stripe.subscriptions.update(
      subscription.stripeSubscriptionId,
      { items: [{ id: item.id, price: plan.stripePriceId }], proration_behavior: 'none' },
      { idempotencyKey: `recur-migrate-${subscription.stripeSubscriptionId}-${plan.stripePriceId}` },
    );
    await mirrorNow(ctx, { subscription: updated });
  }
  await ctx.db.write((transaction) =>
    audit(
      actor,
      { action: 'plan.migrate_subscribers', entityType: 'plan', entityId: plan.id, details: { migrated: subscriptions.length, price: plan.stripePriceId } },
      transaction,
    ),
  );
  return { migrated: subscriptions.length };
}
