import type Stripe from 'stripe';
import { Plan, Price } from '../db/models';
import type { Database } from '../db/sequelize';
import { planInputSchema, type PlanInput } from '../../shared/plan';

/** The demo catalog of a first start: every tier, and every interval at least once. */
export const DEMO_PLANS: PlanInput[] = [
  { name: 'Silver Daily', tier: 'silver', amount: 99, currency: 'usd', interval: 'day', intervalCount: 1, trialDays: 0, active: true },
  { name: 'Silver Weekly', tier: 'silver', amount: 499, currency: 'usd', interval: 'week', intervalCount: 1, trialDays: 0, active: true },
  { name: 'Silver Monthly', tier: 'silver', amount: 900, currency: 'usd', interval: 'month', intervalCount: 1, trialDays: 0, active: true },
  { name: 'Gold Monthly', tier: 'gold', amount: 1900, currency: 'usd', interval: 'month', intervalCount: 1, trialDays: 0, active: true },
  { name: 'Gold Yearly', tier: 'gold', amount: 19000, currency: 'usd', interval: 'year', intervalCount: 1, trialDays: 0, active: true },
  { name: 'Platinum Monthly', tier: 'platinum', amount: 4900, currency: 'usd', interval: 'month', intervalCount: 1, trialDays: 14, active: true },
  { name: 'Platinum Yearly', tier: 'platinum', amount: 49000, currency: 'usd', interval: 'year', intervalCount: 1, trialDays: 14, active: true },
];

export async function seedDemoCatalog(db: Database, stripe: Stripe): Promise<number> {
  if ((await Plan.count()) > 0) return 0;
  for (const input of DEMO_PLANS) {
    const plan = await db.write((transaction) => Plan.create({ ...planInputSchema.parse(input), stripeProductId: null, stripePriceId: null }, { transaction }));
    await syncPlanToStripe(db, stripe, plan);
  }
  return DEMO_PLANS.length;
}

/**
 * Makes sure every plan has a live Stripe product and price. Run at start-up: a plan whose
 * price Stripe no longer knows (an emulator that restarted empty) gets a new one.
 */
export async function syncCatalog(db: Database, stripe: Stripe): Promise<void> {
  for (const plan of await Plan.findAll({ order: [['id', 'ASC']] })) {
    if (plan.stripePriceId && (await priceExists(stripe, plan.stripePriceId))) continue;
    await syncPlanToStripe(db, stripe, plan);
  }
}

async function priceExists(stripe: Stripe, priceId: string): Promise<boolean> {
  try {
    await stripe.prices.retrieve(priceId);
    return true;
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'resource_missing') return false;
    throw error;
  }
}

/** Creates the plan's Stripe product and price (network first, then one local write). */
export async function syncPlanToStripe(db: Database, stripe: Stripe, plan: Plan): Promise<Plan> {
  const metadata = { recurPlanId: String(plan.id), tier: plan.tier };
  const product = await stripe.products.create({ name: plan.name, metadata, active: plan.active });
  const price = await stripe.prices.create({
    product: product.id,
    unit_amount: plan.amount,
    currency: plan.currency,
    recurring: { interval: plan.interval, interval_count: plan.intervalCount },
    metadata,
  });
  return db.write(async (transaction) => {
    await Price.create(
      { planId: plan.id, stripePriceId: price.id, amount: plan.amount, currency: plan.currency, interval: plan.interval, intervalCount: plan.intervalCount },
      { transaction },
    );
    return plan.update({ stripeProductId: product.id, stripePriceId: price.id }, { transaction });
  });
}
