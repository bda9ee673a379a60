import type Stripe from 'stripe';
import { Plan, Price } from '../db/models';
import type { Database } from '../db/sequelize';
import type { z } from 'zod';
import { planInputSchema } from '../../shared/plan';

/** A plan of the demo catalog; a base plan names the add-ons it allows. */
export type DemoPlan = z.input<typeof planInputSchema> & { addons?: string[] };

/**
 * The demo catalog of a first start: every tier, every interval at least once, and add-ons for
 * the monthly and yearly Gold and Platinum plans. Base plans come first (their ids are the ones
 * the README's examples use); each names the add-ons it allows, linked once all exist.
 */
export const DEMO_PLANS: DemoPlan[] = [
  { name: 'Silver Daily', tier: 'silver', amount: 99, currency: 'usd', interval: 'day' },
  { name: 'Silver Weekly', tier: 'silver', amount: 499, currency: 'usd', interval: 'week' },
  { name: 'Silver Monthly', tier: 'silver', amount: 900, currency: 'usd', interval: 'month' },
  { name: 'Gold Monthly', tier: 'gold', amount: 1900, currency: 'usd', interval: 'month', addons: ['Extra storage', 'Priority support'] },
  { name: 'Gold Yearly', tier: 'gold', amount: 19000, currency: 'usd', interval: 'year', addons: ['Extra storage Yearly'] },
  {
    name: 'Platinum Monthly',
    tier: 'platinum',
    amount: 4900,
    currency: 'usd',
    interval: 'month',
    trialDays: 14,
    addons: ['Extra storage', 'Priority support'],
  },
  { name: 'Platinum Yearly', tier: 'platinum', amount: 49000, currency: 'usd', interval: 'year', trialDays: 14, addons: ['Extra storage Yearly'] },
  { name: 'Extra storage', tier: 'silver', kind: 'addon', amount: 300, currency: 'usd', interval: 'month' },
  { name: 'Priority support', tier: 'gold', kind: 'addon', amount: 900, currency: 'usd', interval: 'month' },
  { name: 'Extra storage Yearly', tier: 'silver', kind: 'addon', amount: 3000, currency: 'usd', interval: 'year' },
];

export async function seedDemoCatalog(db: Database, stripe: Stripe): Promise<number> {
  if ((await Plan.count()) > 0) return 0;
  const created = new Map<string, Plan>();
  for (const { addons: _addons, ...input } of DEMO_PLANS) {
    const plan = await db.write((transaction) => Plan.create({ ...planInputSchema.parse(input), stripeProductId: null, stripePriceId: null }, { transaction }));
    created.set(plan.name, await syncPlanToStripe(db, stripe, plan));
  }
  await db.write(async (transaction) => {
    for (const { name, addons } of DEMO_PLANS) {
      if (addons?.length) await created.get(name)!.update({ addonIds: addons.map((addon) => created.get(addon)!.id) }, { transaction });
    }
  });
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
