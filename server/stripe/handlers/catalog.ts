import type Stripe from 'stripe';
import { Plan, Price } from '../../db/models';
import { idOf, newestPerObject, type Snapshot } from '../apply/snapshot';
import type { Interval } from '../../../shared/money';
import type { ApplyContext, ObjectHandler } from './types';

/**
 * Catalog events carry no field that orders them, and a late `price.created` would otherwise
 * re-activate a price an admin archived a moment later. So an event only says "this object
 * changed": its state is read from Stripe before applying (catalog changes are rare).
 * Snapshots from a sync are already current and are used as they are.
 */
async function readCurrent<T extends { id: string }>(
  snapshots: Snapshot<T | { id: string; deleted: true }>[],
  retrieve: (id: string) => Promise<T>,
  into: Map<string, T>,
): Promise<void> {
  const ids = new Set(snapshots.filter((s) => s.eventId !== null && !('deleted' in s.object && s.object.deleted)).map((s) => s.object.id));
  for (const id of ids) {
    try {
      into.set(id, await retrieve(id));
    } catch (err) {
      // Deleted since the event was sent: the deletion's own event settles it.
      if ((err as { code?: string }).code !== 'resource_missing') throw err;
    }
  }
}

/** The newest state of each object: Stripe's current answer where it was read, else the snapshot. */
function currentStates<T extends { id: string }>(snapshots: Snapshot<T>[], current: Map<string, unknown>): T[] {
  return [...newestPerObject(snapshots, () => 0).values()].map(({ object }) => (current.get(object.id) as T | undefined) ?? object);
}

/**
 * A price added to a Recur plan's product in Stripe (the dashboard, other code) joins that plan's
 * price history, so subscriptions on it link to the plan; archiving a price there archives it here.
 */
export const priceHandler: ObjectHandler<Stripe.Price | Stripe.DeletedPrice> = {
  prefetch: (snapshots, { stripe }: ApplyContext, into) => readCurrent(snapshots as Snapshot<Stripe.Price>[], (id) => stripe.prices.retrieve(id), into.prices),
  async apply(snapshots, { transaction, prefetched }) {
    for (const object of currentStates(snapshots, prefetched.prices)) {
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
  prefetch: (snapshots, { stripe }: ApplyContext, into) =>
    readCurrent(snapshots as Snapshot<Stripe.Product>[], (id) => stripe.products.retrieve(id), into.products),
  async apply(snapshots, { transaction, prefetched }) {
    for (const object of currentStates(snapshots, prefetched.products)) {
      const plan = await Plan.findOne({ where: { stripeProductId: object.id }, transaction });
      if (!plan) continue;
      if (object.deleted) await plan.update({ active: false }, { transaction });
      else if (plan.name !== object.name || plan.active !== object.active) await plan.update({ name: object.name, active: object.active }, { transaction });
    }
  },
};
