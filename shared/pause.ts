import { z } from 'zod';

/** Stripe's `pause_collection[behavior]`: what happens to the invoices made while collection is paused. */
export const PAUSE_BEHAVIORS = ['void', 'keep_as_draft', 'mark_uncollectible'] as const;
export type PauseBehavior = (typeof PAUSE_BEHAVIORS)[number];

export const PAUSE_BEHAVIOR_LABELS: Record<PauseBehavior, string> = {
  void: 'Void the invoices (the paused time is free)',
  keep_as_draft: 'Keep the invoices as drafts (to collect later)',
  mark_uncollectible: 'Mark the invoices uncollectible',
};

/** Stripe's `cancellation_details[feedback]` values, with the words a customer reads. */
export const CANCELLATION_FEEDBACK = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const;
export type CancellationFeedback = (typeof CANCELLATION_FEEDBACK)[number];

export const CANCELLATION_FEEDBACK_LABELS: Record<CancellationFeedback, string> = {
  customer_service: 'Customer service was less than expected',
  low_quality: 'Quality was less than expected',
  missing_features: 'Some features are missing',
  other: 'Other reason',
  switched_service: 'I’m switching to a different service',
  too_complex: 'Ease of use was less than expected',
  too_expensive: 'It’s too expensive',
  unused: 'I don’t use the service enough',
};

export const cancellationFeedbackSchema = z.enum(CANCELLATION_FEEDBACK, { message: `must be one of ${CANCELLATION_FEEDBACK.join(', ')}` });
export const cancellationCommentSchema = z.string({ message: 'must be text' }).trim().max(500, 'must be at most 500 characters');

/**
 * POST /api/subscriptions/:id/pause: `resumesAt` (an ISO date in the future) resumes collection by
 * itself (Stripe's `pause_collection[resumes_at]`); without it the pause lasts until unpaused.
 */
export const pauseSchema = z.strictObject({
  behavior: z.enum(PAUSE_BEHAVIORS, { message: `must be one of ${PAUSE_BEHAVIORS.join(', ')}` }),
  resumesAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO date and time, like 2030-01-31T00:00:00Z' })
    .or(z.iso.date({ message: 'must be an ISO date, like 2030-01-31' }))
    .transform((text) => new Date(text))
    .refine((date) => date.getTime() > Date.now(), 'must be in the future')
    .optional(),
});
export type PauseRequest = z.infer<typeof pauseSchema>;

/**
 * The portal's pause form, as a browser posts it (strings only). Customers pause with `void`: the
 * paused time is neither charged nor owed later.
 */
export const portalPauseSchema = z.object({
  confirm: z.literal('yes', { message: 'Confirm the pause with the button' }),
  resumesAt: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Enter the date as YYYY-MM-DD')
    .optional()
    .transform((text) => (text ? new Date(`${text}T00:00:00Z`) : undefined))
    .refine((date) => date === undefined || (!Number.isNaN(date.getTime()) && date.getTime() > Date.now()), 'The resume date must be in the future'),
});

/** Subscriptions show their cancellation reason as `{feedback, comment}`, or null when none was given. */
export interface CancellationReason {
  feedback: CancellationFeedback | null;
  comment: string | null;
}
