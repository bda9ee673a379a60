import type Stripe from 'stripe';
import { Plan, Price } from '../../server/db/models';
import type { Database } from '../../server/db/sequelize';
import type { Interval } from '../../shared/money';
import type { Tier } from '../../shared/plan';

/**
 * Gives a second Recur database (once) the plans another instance created in a shared emulator, with
 * the same Stripe price ids, so events from that emulator link to the same plans.
 */
export async function importCatalog(db: Database, stripe: Stripe): Promise<void> {
  const prices = await stripe.prices.list({ limit: 100, expand: ['data.product'] });
  const recurPrices = prices.data.filter((p) => p.metadata?.recurPlanId).sort((a, b) => Number(a.metadata.recurPlanId) - Number(b.metadata.recurPlanId));
  await db.write(async (transaction) => {
    for (const price of recurPrices) {
      // A second instance on the same database finds the plans already there.
      if (await Plan.findOne({ where: { stripePriceId: price.id }, transaction })) continue;
      const product = price.product as Stripe.Product;
      const plan = await Plan.create(
        {
          name: product.name,
          tier: (price.metadata.tier ?? 'silver') as Tier,
          amount: price.unit_amount ?? 0,
          currency: price.currency,
          interval: (price.recurring?.interval ?? 'month') as Interval,
          intervalCount: price.recurring?.interval_count ?? 1,
          active: price.active,
          stripeProductId: product.id,
          stripePriceId: price.id,
        },
        { transaction },
      );
      await Price.create(
        { planId: plan.id, stripePriceId: price.id, amount: plan.amount, currency: plan.currency, interval: plan.interval, intervalCount: plan.intervalCount },
        { transaction },
      );
    }
  });
}
