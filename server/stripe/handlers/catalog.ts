import type Stripe from 'stripe';
import { Plan, Price } from '../../db/models';
import { idOf, newestPerObject, type Snapshot } from '../apply/snapshot';
import type { Interval } from '../../../shared/money';
import type { ObjectHandler } from './types';

/**
 * A price added to a Recur plan's product in Stripe (the dashboard, other code) joins that plan's
 * price history, so subscriptions on it link to the plan; archiving a price there archives it here.
 */
export const priceHandler: ObjectHandler<Stripe.Price | Stripe.DeletedPrice> = {
  async apply(snapshots, { transaction }) {
    for (const { object } of newestPerObject(snapshots, () => 0).values()) {
      if (object.deleted) continue;
      const price = object;
      const productId = idOf(price.product);
      if (!price.recurring || !productId) continue;
      const plan = await Plan.findOne({ where: { stripeProductId: productId }, transaction });
      if (!plan) continue;
      const known = await Price.findOne({ where: { stripePriceId: price.id }, transaction });
      if (known) {
        if (known.active !== price.active) await known.update({ active: price.active }, { transaction });
        continue;
      }
      await Price.create(
        {
          planId: plan.id,
          stripePriceId: price.id,
          amount: price.unit_amount ?? 0,
          currency: price.currency,
          interval: price.recurring.interval as Interval,
          intervalCount: price.recurring.interval_count,
          active: price.active,
        },
        { transaction },
      );
    }
  },
};

/** A Recur plan's product renamed or archived in Stripe is renamed or archived here too. */
export const productHandler: ObjectHandler<Stripe.Product | Stripe.DeletedProduct> = {
  async apply(snapshots: Snapshot<Stripe.Product | Stripe.DeletedProduct>[], { transaction }) {
    for (const { object } of newestPerObject(snapshots, () => 0).values()) {
      const plan = await Plan.findOne({ where: { stripeProductId: object.id }, transaction });
      if (!plan) continue;
      if (object.deleted) await plan.update({ active: false }, { transaction });
      else if (plan.name !== object.name || plan.active !== object.active) await plan.update({ name: object.name, active: object.active }, { transaction });
    }
  },
};
