import { z } from 'zod';
import { CHANGE_TIMINGS } from './itemChange';
import { MAX_SEATS } from './plan';

/**
 * The portal's add-ons and seats form, as a browser sends it (strings only). The preview is a GET
 * (`?addon=<id>&addon=<id>&seats=<n>`: checkboxes repeat their name); the confirmation is a POST
 * whose hidden fields carry what the preview showed: the add-ons as one comma list, the timing
 * and the proration date.
 */
const message = 'Choose from the add-ons listed';
const addonId = z
  .string({ message })
  .regex(/^[1-9]\d{0,8}$/, message)
  .transform(Number);
const seats = z
  .string({ message: 'Enter the number of seats' })
  .trim()
  .regex(/^\d{1,6}$/, 'Enter the number of seats as a whole number')
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_SEATS, `Enter between 1 and ${MAX_SEATS} seats`)
  .optional();

export const portalItemsQuerySchema = z.object({
  addon: z.array(addonId).max(19, 'At most 19 add-ons'),
  seats,
});

export const portalItemsConfirmSchema = z.object({
  addons: z
    .string({ message })
    .regex(/^(?:[1-9]\d{0,8}(?:,[1-9]\d{0,8}){0,18})?$/, message)
    .transform((s) => (s ? s.split(',').map(Number) : [])),
  seats,
  when: z.enum(CHANGE_TIMINGS, { message: 'Look at the price first, then confirm' }),
  prorationDate: z
    .string({ message: 'Look at the price first, then confirm' })
    .regex(/^\d{9,11}$/, 'Look at the price first, then confirm')
    .transform(Number),
});

export interface PortalItemsChoice {
  /** add-on plan ids, each once */
  addons: number[];
  /** the base plan's quantity; absent: unchanged */
  seats?: number;
}
