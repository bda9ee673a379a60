import { z } from 'zod';
import { CANCELLATION_FEEDBACK } from './pause';

/** The customer portal's forms, as posted by a browser (strings only). */
export const portalLoginSchema = z.object({
  email: z
    .string({ message: 'Enter your e-mail address' })
    .trim()
    .min(1, 'Enter your e-mail address')
    .max(254, 'That e-mail address is too long')
    .pipe(z.email('Enter a valid e-mail address, like name@example.com')),
});

const formId = (message: string) =>
  z
    .string({ message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .refine((n) => n > 0, message);

export const portalChangePlanSchema = z.object({
  plan: formId('Choose one of the plans listed'),
  prorationDate: z
    .string({ message: 'Look at the price first, then confirm' })
    .regex(/^\d{9,11}$/, 'Look at the price first, then confirm')
    .transform(Number),
  /** sent by the confirm button of a preview that said the billing period changes */
  confirmIntervalChange: z.literal('yes', { message: 'Confirm the new billing date with the button' }).optional(),
});

export const portalPreviewQuerySchema = z.object({ plan: formId('Choose one of the plans listed') });

export const portalCancelSchema = z.object({
  confirm: z.literal('yes', { message: 'Confirm the cancellation with the button' }),
  /** why they leave (Stripe's cancellation_details.feedback); the select's empty choice says nothing */
  reason: z
    .union([z.literal(''), z.enum(CANCELLATION_FEEDBACK, { message: 'Choose one of the reasons listed' })], { message: 'Choose one of the reasons listed' })
    .optional(),
  comment: z.string().max(500, 'Keep the comment to 500 characters').optional(),
});

/** What the portal offers customers, set by the owner. */
export const portalPolicySchema = z.strictObject({
  /** customers may pause payment collection themselves (void: the paused time is free) */
  customersMayPause: z.boolean({ message: 'must be true or false' }).default(false),
});
export type PortalPolicy = z.output<typeof portalPolicySchema>;
export const DEFAULT_PORTAL_POLICY: PortalPolicy = { customersMayPause: false };

/** Ids in portal paths: digits only, or the request is answered 404 without a lookup. */
export const PORTAL_ID = /^[1-9]\d{0,8}$/;
