import { z } from 'zod';
import { recordId } from './ids';

const positiveId = recordId();
const unixSeconds = z.coerce.number({ message: 'must be a unix time in seconds' }).int().positive().max(32_503_680_000);

/** GET /api/subscriptions/:id/preview?plan=<id>[&prorationDate=<unix>] */
export const previewQuerySchema = z.object({ plan: positiveId, prorationDate: unixSeconds.optional() });

/** POST /api/subscriptions/:id/change-plan: the prorationDate of the preview the admin saw. */
export const changePlanSchema = z.object({ planId: positiveId, prorationDate: unixSeconds.optional() });

/** POST /api/subscriptions/:id/cancel */
export const cancelSchema = z.object({ atPeriodEnd: z.boolean({ message: 'must be true or false' }).default(true) });

/** POST /api/subscriptions/:id/extend: free days that push the next charge back. */
export const extendSchema = z.object({ days: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(365, 'must be at most 365') });

/** POST /api/payments/:id/refund: no amount refunds what is left. */
export const refundSchema = z.object({ amount: z.number({ message: 'must be a number' }).int('must be whole minor units').positive('must be positive').optional() });

/** GET /api/subscriptions/:id/preview: what a plan change would charge now, for a fixed proration date. */
export interface ChangePreview {
  planId: number;
  amountDue: number;
  currency: string;
  prorationDate: number;
  lines: { description: string | null; amount: number }[];
}
