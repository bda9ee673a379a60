import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { CouponRef } from '../billing/subscriptions/update-subscription';
import { badRequest, noSuchResource } from '../http/errors';

export function couponRef(rt: Runtime, couponId: string | undefined, promoId: string | undefined, param: string): CouponRef {
  if (promoId) {
    const promotionCode = rt.store.promotionCodes.get(promoId);
    if (!promotionCode) throw noSuchResource('promotion code', promoId, param);
    const ref = promotionCode.promotion.coupon;
    const coupon = ref === null ? undefined : rt.store.coupons.get(typeof ref === 'string' ? ref : ref.id);
    if (!coupon) throw noSuchResource('coupon', String(ref), param);
    return { coupon, promotionCode };
  }
  if (!couponId) throw badRequest('A discount needs a coupon or a promotion_code.', param);
  const coupon: Stripe.Coupon | undefined = rt.store.coupons.get(couponId);
  if (!coupon) throw noSuchResource('coupon', couponId, param);
  return { coupon, promotionCode: null };
}

/** `discounts[i][coupon|promotion_code]`; an empty string (`discounts=`) clears them all. */
export function readDiscounts(rt: Runtime, p: Params): CouponRef[] | undefined {
  if (p.raw.discounts === '') {
    p.string('discounts');
    return [];
  }
  const list = p.objectArray('discounts');
  if (!list) return undefined;
  return list.map((d, i) => {
    d.string('discount');
    return couponRef(rt, d.string('coupon'), d.string('promotion_code'), `discounts[${i}]`);
  });
}
