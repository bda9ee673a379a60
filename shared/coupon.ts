import { z } from 'zod';
import { currencySchema } from './plan';
import { MAX_ID } from './ids';

export const DURATIONS = ['once', 'repeating', 'forever'] as const;

/** A coupon as an admin defines it: a percentage or a fixed amount off, for once, some months, or forever. */
export const couponInputSchema = z
  .object({
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
    if ((c.percentOff == null) === (c.amountOff == null)) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'give either a percentage or an amount off' });
    if (c.amountOff != null && !c.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with an amount off' });
    if (c.duration === 'repeating' && !c.durationInMonths) ctx.addIssue({ code: 'custom', path: ['durationInMonths'], message: 'is required for a repeating coupon' });
    if (c.duration !== 'repeating' && c.durationInMonths) ctx.addIssue({ code: 'custom', path: ['durationInMonths'], message: 'only applies to a repeating coupon' });
    if (c.redeemBy && new Date(c.redeemBy).getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['redeemBy'], message: 'must be in the future' });
  });
export type CouponInput = z.infer<typeof couponInputSchema>;

/** Stripe lets a coupon's name change, nothing else. */
export const couponUpdateSchema = z.object({ name: couponInputSchema.shape.name });

export const promotionCodeInputSchema = z.object({
  couponId: z.number({ message: 'must be a coupon id' }).int().positive().max(MAX_ID, 'is not a coupon id'),
  code: z.string({ message: 'is required' }).trim().regex(/^[A-Za-z0-9_-]{3,40}$/, 'must be 3–40 letters, digits, - or _').transform((s) => s.toUpperCase()),
  maxRedemptions: z.number({ message: 'must be a number' }).int().positive('must be positive').max(1_000_000_000, 'must be at most 1,000,000,000').nullish(),
  expiresAt: z.iso.datetime({ message: 'must be an ISO date-time' }).nullish(),
});
export type PromotionCodeInput = z.infer<typeof promotionCodeInputSchema>;

export const promotionCodeUpdateSchema = z.object({ active: z.boolean({ message: 'must be true or false' }) });

/** POST /api/subscriptions/:id/coupon */
export const applyCouponSchema = z.object({ couponId: z.number({ message: 'must be a coupon id' }).int().positive().max(MAX_ID, 'is not a coupon id') });
