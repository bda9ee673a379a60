import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { badRequest } from '../../http/errors';
import { newId } from '../../ids';
import { addInterval } from '../subscriptions/periods';

export interface DiscountTarget {
  customer: string;
  subscription?: string | null;
  checkoutSession?: string | null;
  invoice?: string | null;
}

/** Why a coupon cannot be redeemed now, in Stripe's words, or null when it can. */
export function couponProblem(coupon: Stripe.Coupon, now: number): string | null {
  if (!coupon.valid) return `Coupon is not valid: ${coupon.id}`;
  if (coupon.redeem_by !== null && coupon.redeem_by <= now) return `Coupon expired: ${coupon.id}`;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) {
    return `Coupon ${coupon.id} has reached its maximum number of redemptions.`;
  }
  return null;
}

export function promotionCodeProblem(code: Stripe.PromotionCode, now: number): string | null {
  if (!code.active) return `This promotion code is inactive: ${code.code}`;
  if (code.expires_at !== null && code.expires_at <= now) return `This promotion code has expired: ${code.code}`;
  if (code.max_redemptions !== null && code.times_redeemed >= code.max_redemptions) {
    return `This promotion code has reached its maximum number of redemptions: ${code.code}`;
  }
  return null;
}

function bumpCoupon(rt: Runtime, coupon: Stripe.Coupon): void {
  if (!rt.store.coupons.get(coupon.id)) return;
  const times = coupon.times_redeemed + 1;
  const full = coupon.max_redemptions !== null && times >= coupon.max_redemptions;
  rt.store.coupons.replace({ ...coupon, times_redeemed: times, valid: full ? false : coupon.valid });
}

/**
 * Redeems a coupon (or a promotion code's coupon) onto a customer or subscription: a Discount
 * object whose end follows the coupon's duration, counted against both redemption limits.
 */
export function redeem(
  rt: Runtime,
  ref: { coupon: Stripe.Coupon; promotionCode: Stripe.PromotionCode | null },
  target: DiscountTarget,
  origin: EventOrigin,
  param = 'discounts',
): Stripe.Discount {
  const now = rt.clock.now();
  const problem = (ref.promotionCode ? promotionCodeProblem(ref.promotionCode, now) : null) ?? couponProblem(ref.coupon, now);
  if (problem) throw badRequest(problem, param);
  const coupon = ref.coupon;
  const end = coupon.duration === 'repeating' && coupon.duration_in_months ? addInterval(now, 'month', coupon.duration_in_months) : null;
  const discount: Stripe.Discount = {
    id: newId('di'),
    object: 'discount',
    checkout_session: target.checkoutSession ?? null,
    customer: target.customer,
    customer_account: null,
    end,
    invoice: target.invoice ?? null,
    invoice_item: null,
    promotion_code: ref.promotionCode?.id ?? null,
    source: { coupon: coupon.id, type: 'coupon' },
    start: now,
    subscription: target.subscription ?? null,
    subscription_item: null,
  };
  rt.store.discounts.set(discount.id, discount);
  bumpCoupon(rt, coupon);
  if (ref.promotionCode) {
    rt.store.promotionCodes.replace({ ...ref.promotionCode, times_redeemed: ref.promotionCode.times_redeemed + 1 });
  }
  rt.bus.publish({ type: 'customer.discount.created', data: { object: discount } }, origin);
  return discount;
}

function couponOfDiscount(rt: Runtime, discount: Stripe.Discount): Stripe.Coupon | undefined {
  const ref = discount.source.coupon;
  if (ref === null) return undefined;
  const id = typeof ref === 'string' ? ref : ref.id;
  return rt.store.coupons.get(id) ?? rt.store.billing.deletedCoupons.get(id);
}

/**
 * The subscription's discounts that are over: `once` ones after an invoice used them, `repeating`
 * ones past their end. They are removed with customer.discount.deleted; the caller saves the subscription.
 */
export function withoutSpentDiscounts(rt: Runtime, sub: Stripe.Subscription, invoice: Stripe.Invoice | null, origin: EventOrigin): Stripe.Subscription {
  const now = rt.clock.now();
  const used = new Set(
    (invoice?.total_discount_amounts ?? []).filter((d) => d.amount !== 0).map((d) => (typeof d.discount === 'string' ? d.discount : d.discount.id)),
  );
  const keep: string[] = [];
  for (const ref of sub.discounts) {
    const id = typeof ref === 'string' ? ref : ref.id;
    const discount = rt.store.discounts.get(id);
    const coupon = discount ? couponOfDiscount(rt, discount) : undefined;
    const spent = !discount || (coupon?.duration === 'once' && used.has(id)) || (discount.end !== null && discount.end <= now);
    if (!spent) {
      keep.push(id);
      continue;
    }
    if (discount) {
      rt.store.discounts.delete(id);
      rt.bus.publish({ type: 'customer.discount.deleted', data: { object: discount } }, origin);
    }
  }
  return keep.length === sub.discounts.length ? sub : { ...sub, discounts: keep };
}
