import { z } from 'zod';
import { recordId } from './ids';
import type { Interval } from './money';
import { cancellationCommentSchema, cancellationFeedbackSchema } from './pause';

const positiveId = recordId();
const unixSeconds = z.coerce.number({ message: 'must be a unix time in seconds' }).int().positive().max(32_503_680_000);
const confirmed = z.literal(true, { message: 'must be true to confirm' });

/** GET /api/subscriptions/:id/preview?plan=<id>[&prorationDate=<unix>] */
export const previewQuerySchema = z.object({ plan: positiveId, prorationDate: unixSeconds.optional() });

/**
 * POST /api/subscriptions/:id/change-plan: the prorationDate of the preview the admin saw, and,
 * when that preview said the billing interval changes, `confirmIntervalChange: true` (the change
 * then resets the billing date and charges now; without the flag it is refused with 409).
 */
export const changePlanSchema = z.strictObject({ planId: positiveId, prorationDate: unixSeconds.optional(), confirmIntervalChange: confirmed.optional() });

/** POST /api/subscriptions/:id/cancel: `reason` and `comment` go to Stripe as `cancellation_details` (feedback, comment). */
export const cancelSchema = z.strictObject({
  atPeriodEnd: z.boolean({ message: 'must be true or false' }).default(true),
  reason: cancellationFeedbackSchema.optional(),
  comment: cancellationCommentSchema.optional(),
});

/** POST /api/subscriptions/:id/extend: free days that push the next charge back. */
export const extendSchema = z.strictObject({
  days: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(365, 'must be at most 365'),
});

/**
 * POST /api/payments/:id/refund: `{amount}` refunds that much, `{full: true}` what is left.
 * A full refund is asked for, never implied by a missing or misspelt field (`{"amnt": 100}`).
 */
export const refundSchema = z
  .strictObject({
    amount: z.number({ message: 'must be a number' }).int('must be whole minor units').positive('must be positive').optional(),
    full: confirmed.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.amount === undefined && body.full === undefined)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required: give the amount to refund, or full: true for what is left' });
    if (body.amount !== undefined && body.full !== undefined)
      ctx.addIssue({ code: 'custom', path: ['full'], message: 'give either an amount or full: true, not both' });
  })
  .transform((body): RefundRequest => (body.amount !== undefined ? { amount: body.amount } : { full: true }));
export type RefundRequest = { amount: number } | { full: true };

export interface BillingPeriod {
  interval: Interval;
  intervalCount: number;
}

/** A plan change to another billing period: Stripe resets the billing date to the change and charges the new period now. */
export interface IntervalChange {
  from: BillingPeriod;
  to: BillingPeriod;
}

/** GET /api/subscriptions/:id/preview: what a plan change would charge now, for a fixed proration date. */
export interface ChangePreview {
  planId: number;
  amountDue: number;
  currency: string;
  prorationDate: number;
  lines: { description: string | null; amount: number }[];
  /** set when the new plan bills over another period: the change must then be confirmed (confirmIntervalChange) */
  intervalChange: IntervalChange | null;
}

const periodText = ({ interval, intervalCount }: BillingPeriod) => (intervalCount === 1 ? `every ${interval}` : `every ${intervalCount} ${interval}s`);

/** The words the admin and the portal show under a preview whose billing period changes. */
export function intervalChangeNotice(change: IntervalChange): string {
  return (
    `Billing moves from ${periodText(change.from)} to ${periodText(change.to)}: the billing date resets to the day of the change, ` +
    `and the new plan is charged now for its first ${periodText(change.to).replace(/^every /, '')} (less the unused part of the current period).`
  );
}
