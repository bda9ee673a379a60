import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { Coupon, PromotionCode } from '../../db/models';
import { idOf, newestPerObject, supersedes, type Snapshot } from '../apply/snapshot';
import type { ObjectHandler } from './types';

/** The local row for a Stripe coupon, as Stripe returned it. Webhooks keep it current afterwards. */
export function couponFields(coupon: Stripe.Coupon, at: number) {
  return {
    stripeCouponId: coupon.id,
    name: coupon.name,
    percentOff: coupon.percent_off,
    amountOff: coupon.amount_off,
    currency: coupon.currency,
    duration: coupon.duration,
    durationInMonths: coupon.duration_in_months,
    maxRedemptions: coupon.max_redemptions,
    redeemBy: coupon.redeem_by ? new Date(coupon.redeem_by * 1000) : null,
    timesRedeemed: coupon.times_redeemed,
    valid: coupon.valid,
    lastEventAt: at,
  };
}

/** Coupons created in Stripe's dashboard appear in the admin too; a deleted one stays, marked invalid. */
export const couponHandler: ObjectHandler<Stripe.Coupon | Stripe.DeletedCoupon> = {
  async apply(snapshots, { transaction }) {
    for (const { object, created, type } of newestPerObject(snapshots, () => 0).values()) {
      const row = await Coupon.findOne({ where: { stripeCouponId: object.id }, transaction });
      if (row && !supersedes(created, 0, row.lastEventAt, 0)) continue;
      if (object.deleted || type === 'coupon.deleted') {
        await row?.update({ valid: false, lastEventAt: created }, { transaction });
        continue;
      }
      if (row) await row.update(couponFields(object, created), { transaction });
      else await Coupon.create(couponFields(object, created), { transaction });
    }
  },
};

export const promotionCodeHandler: ObjectHandler<Stripe.PromotionCode> = {
  async apply(snapshots: Snapshot<Stripe.PromotionCode>[], { transaction }) {
    const newest = newestPerObject(snapshots, () => 0);
    const couponIds = [...newest.values()].map((s) => idOf(s.object.promotion?.coupon ?? null)).filter((id): id is string => !!id);
    const coupons = new Map((await Coupon.findAll({ where: { stripeCouponId: { [Op.in]: couponIds } }, transaction })).map((c) => [c.stripeCouponId, c.id]));
    for (const { object, created } of newest.values()) {
      const row = await PromotionCode.findOne({ where: { stripePromotionCodeId: object.id }, transaction });
      if (row && !supersedes(created, 0, row.lastEventAt, 0)) continue;
      const fields = {
        couponId: coupons.get(idOf(object.promotion?.coupon ?? null) ?? '') ?? null,
        code: object.code,
        active: object.active,
        maxRedemptions: object.max_redemptions,
        expiresAt: object.expires_at ? new Date(object.expires_at * 1000) : null,
        timesRedeemed: object.times_redeemed,
        lastEventAt: created,
      };
      if (row) await row.update(fields, { transaction });
      else await PromotionCode.create({ stripePromotionCodeId: object.id, ...fields }, { transaction });
    }
  },
};
