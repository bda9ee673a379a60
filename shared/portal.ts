import { z } from 'zod';

/** The customer portal's forms, as posted by a browser (strings only). */
export const portalLoginSchema = z.object({
  email: z.string({ message: 'Enter your e-mail address' }).trim().min(1, 'Enter your e-mail address').max(254, 'That e-mail address is too long').pipe(z.email('Enter a valid e-mail address, like name@example.com')),
});

const formId = (message: string) => z.string({ message }).regex(/^\d{1,9}$/, message).transform(Number).refine((n) => n > 0, message);

export const portalChangePlanSchema = z.object({
  plan: formId('Choose one of the plans listed'),
  prorationDate: z.string({ message: 'Look at the price first, then confirm' }).regex(/^\d{9,11}$/, 'Look at the price first, then confirm').transform(Number),
  /** sent by the confirm button of a preview that said the billing period changes */
  confirmIntervalChange: z.literal('yes', { message: 'Confirm the new billing date with the button' }).optional(),
});

export const portalPreviewQuerySchema = z.object({ plan: formId('Choose one of the plans listed') });

export const portalCancelSchema = z.object({
  confirm: z.literal('yes', { message: 'Confirm the cancellation with the button' }),
});

/** Ids in portal paths: digits only, or the request is answered 404 without a lookup. */
export const PORTAL_ID = /^[1-9]\d{0,8}$/;
