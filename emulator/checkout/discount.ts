import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { CouponRef } from '../billing/subscriptions/update-subscription';
import { couponAmount } from '../billing/invoices/discounting';
import { couponProblem, promotionCodeProblem } from '../billing/invoices/discounts';
import { findPromotionCode } from '../resources/promotion-codes';

/** The discount a session starts with, from its `discounts` param. */
export function sessionDiscount(rt: Runtime, session: Stripe.Checkout.Session): CouponRef | null {
  const saved = rt.store.billing.checkoutDiscounts.get(session.id);
  const coupon = saved ? rt.store.coupons.get(saved.coupon) : undefined;
  if (!saved || !coupon) return null;
  const promotionCode = saved.promotionCode ? (rt.store.promotionCodes.get(saved.promotionCode) ?? null) : null;
  return { coupon, promotionCode };
}

/** A code typed on the page: the coupon it stands for, or Checkout's one message for any bad code. */
export function typedCode(rt: Runtime, code: string): CouponRef | { problem: string } {
  const promo = findPromotionCode(rt, code);
  const ref = promo?.promotion.coupon;
  const coupon = ref ? rt.store.coupons.get(typeof ref === 'string' ? ref : ref.id) : undefined;
  const now = rt.clock.now();
  if (!promo || !coupon || promotionCodeProblem(promo, now) || couponProblem(coupon, now)) return { problem: 'This code is invalid.' };
  return { coupon, promotionCode: promo };
}

function describeCoupon(c: Stripe.Coupon): string {
  if (c.percent_off !== null) return `${c.percent_off}% off`;
  return `${((c.amount_off ?? 0) / 100).toFixed(2)} ${(c.currency ?? '').toUpperCase()} off`;
}

/** What the summary shows for a discount: its label and the amount off today's total. */
export function discountView(rt: Runtime, session: Stripe.Checkout.Session, ref: CouponRef | null): { label: string; amount: number } | null {
  if (!ref) return null;
  const lines = rt.store.checkoutLineItems.get(session.id) ?? [];
  const trial = rt.store.checkoutSubscriptionData.get(session.id)?.trialPeriodDays;
  const amount = couponAmount(
    ref.coupon,
    lines.map((li) => (trial ? 0 : li.amount_subtotal)),
    session.currency ?? 'usd',
  );
  const name = ref.promotionCode?.code ?? ref.coupon.name ?? ref.coupon.id;
  return { label: `${name} (${describeCoupon(ref.coupon)})`, amount };
}
