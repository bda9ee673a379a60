import { z } from 'zod';
import { currencySchema } from './plan';
import { MAX_ID } from './ids';
import { ignoringReadOnly, READ_ONLY_FIELDS } from './strict';

export const DURATIONS = ['once', 'repeating', 'forever'] as const;

/** A coupon as an admin defines it: a percentage or a fixed amount off, for once, some months, or forever. */
export const couponInputSchema = z
  .strictObject({
    name: z.string({ message: 'is required' }).trim().min(1, 'is required').max(40, 'must be at most 40 characters'),
    percentOff: z.number({ message: 'must be a number' }).gt(0, 'must be more than 0').max(100, 'must be at most 100').nullish(),
    amountOff: z.number({ message: 'must be a number' }).int('must be whole minor units').positive('must be positive').nullish(),
    currency: currencySchema.nullish(),
    duration: z.enum(DURATIONS, { message: 'must be once, repeating or forever' }),
    durationInMonths: z.number({ message: 'must be a number' }).int().min(1, 'must be at least 1').max(120, 'must be at most 120').nullish(),
    maxRedemptions: z.number({ message: 'must be a number' }).int().positive('must be positive').max(1_000_000_000, 'must be at most 1,000,000,000').nullish(),
    redeemBy: z.iso.datetime({ message: 'must be an ISO date-time' }).nullish(),
  })
  .superRefine((c, ctx) => {
    if ((c.percentOff == null) === (c.amountOff == null))
      ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'give either a percentage or an amount off' });
    if (c.amountOff != null && !c.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with an amount off' });
    if (c.duration === 'repeating' && !c.durationInMonths)
      ctx.addIssue({ code: 'custom', path: ['durationInMonths'], message: 'is required for a repeating coupon' });
    if (c.duration !== 'repeating' && c.durationInMonths)
      ctx.addIssue({ code: 'custom', path: ['durationInMonths'], message: 'only applies to a repeating coupon' });
    if (c.redeemBy && new Date(c.redeemBy).getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['redeemBy'], message: 'must be in the future' });
  });
export type CouponInput = z.infer<typeof couponInputSchema>;

/** Stripe lets a coupon's name change, nothing else; the rest of the record may come back unchanged (and is ignored). */
export const couponUpdateSchema = ignoringReadOnly(READ_ONLY_FIELDS.coupons, z.strictObject({ name: couponInputSchema.shape.name }));

/**
 * The characters Stripe accepts in a promotion code: "lower case letters (a-z), upper case letters
 * (A-Z), digits (0-9), and dashes (-)" (PromotionCodeCreateParams.code, stripe-node 23 for
 * 2026-10-28.endive; docs.stripe.com/api/promotion_codes/create). No underscores, no spaces.
 * At most 40 here (Stripe allows 500): a code is typed by a person.
 */
export const PROMOTION_CODE_FORMAT = /^[A-Za-z0-9-]{3,40}$/;
export const PROMOTION_CODE_FORMAT_MESSAGE = 'must be 3–40 letters, digits or dashes (-)';

export const promotionCodeInputSchema = z
  .strictObject({
    couponId: z.number({ message: 'must be a coupon id' }).int().positive().max(MAX_ID, 'is not a coupon id'),
    code: z
      .string({ message: 'is required' })
      .trim()
      .regex(PROMOTION_CODE_FORMAT, PROMOTION_CODE_FORMAT_MESSAGE)
      .transform((s) => s.toUpperCase()),
    maxRedemptions: z.number({ message: 'must be a number' }).int().positive('must be positive').max(1_000_000_000, 'must be at most 1,000,000,000').nullish(),
    expiresAt: z.iso.datetime({ message: 'must be an ISO date-time' }).nullish(),
  })
  .superRefine((p, ctx) => {
    if (p.expiresAt && new Date(p.expiresAt).getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be in the future' });
  });
export type PromotionCodeInput = z.infer<typeof promotionCodeInputSchema>;

/** What a promotion code's limits are checked against: its coupon's own. */
export interface CouponLimits {
  redeemBy: Date | string | null;
  maxRedemptions: number | null;
}

/**
 * Stripe's rules between a promotion code and its coupon (PromotionCodeCreateParams): expires_at
 * "cannot be after the coupon's redeems_by", and max_redemptions "cannot be greater than the
 * coupon's max_redemptions". Field → message, empty when the code fits its coupon.
 */
export function promotionCodeLimitErrors(input: Pick<PromotionCodeInput, 'expiresAt' | 'maxRedemptions'>, coupon: CouponLimits): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input.expiresAt && coupon.redeemBy && new Date(input.expiresAt).getTime() > new Date(coupon.redeemBy).getTime()) {
    errors.expiresAt = `must be on or before the coupon's redeem-by date (${new Date(coupon.redeemBy).toISOString()})`;
  }
  if (input.maxRedemptions != null && coupon.maxRedemptions != null && input.maxRedemptions > coupon.maxRedemptions) {
    errors.maxRedemptions = `must be at most the coupon's own limit of ${coupon.maxRedemptions}`;
  }
  return errors;
}

/** Deactivate or reactivate; Stripe allows nothing else on a code. */
export const promotionCodeUpdateSchema = ignoringReadOnly(
  READ_ONLY_FIELDS['promotion-codes'],
  z.strictObject({ active: z.boolean({ message: 'must be true or false' }) }),
);

/** POST /api/subscriptions/:id/coupon */
export const applyCouponSchema = z.strictObject({ couponId: z.number({ message: 'must be a coupon id' }).int().positive().max(MAX_ID, 'is not a coupon id') });
