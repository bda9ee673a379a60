import type Stripe from 'stripe';
import { Coupon, Discount, Subscription } from '../../db/models';
import { idOf, newestPerObject, supersedes, toDate } from '../apply/snapshot';
import type { ObjectHandler } from './types';

type StripeDiscount = Stripe.Discount | Stripe.DeletedDiscount;

/**
 * customer.discount.created/updated/deleted: which coupon runs on which subscription, until when.
 * The coupon's terms are copied onto the row (they never change), so totals need no join.
 */
export const discountHandler: ObjectHandler<StripeDiscount> = {
  async apply(snapshots, unit) {
    const { transaction } = unit;
    for (const { object, created, type } of newestPerObject(snapshots, (d) => (d.deleted ? 1 : 0)).values()) {
      const row = await Discount.findOne({ where: { stripeDiscountId: object.id }, transaction });
      const removed = !!object.deleted || type === 'customer.discount.deleted';
      if (row && !supersedes(created, Number(removed), row.lastEventAt, Number(row.removed))) continue;
      const source = object.source?.coupon ?? null;
      const coupon = source && typeof source !== 'string' ? source : null;
      const stripeCouponId = idOf(source);
      const local = !coupon && stripeCouponId ? await Coupon.findOne({ where: { stripeCouponId }, transaction }) : null;
      const fields = {
        stripeSubscriptionId: object.subscription,
        stripeCustomerId: idOf(object.customer),
        stripeCouponId,
        percentOff: coupon?.percent_off ?? local?.percentOff ?? null,
        amountOff: coupon?.amount_off ?? local?.amountOff ?? null,
        duration: coupon?.duration ?? local?.duration ?? null,
        startsAt: toDate(object.start),
        endsAt: object.deleted ? toDate(created) : toDate(object.end),
        removed,
        lastEventAt: created,
      };
      // A removed discount keeps the terms its row has: a discount re-read as gone (apply/reread.ts)
      // no longer says which coupon it was, and a discount's coupon and subscription never change.
      if (row && removed) await row.update({ endsAt: fields.endsAt, removed, lastEventAt: created }, { transaction });
      else if (row) await row.update(fields, { transaction });
      else await Discount.create({ stripeDiscountId: object.id, ...fields }, { transaction });
      // The customer's run-rate is after discounts: recompute it with the batch's other changes.
      const subscription = object.subscription ? await Subscription.findOne({ where: { stripeSubscriptionId: object.subscription }, transaction }) : null;
      if (subscription) unit.touchedCustomers.add(subscription.customerId);
    }
  },
};
