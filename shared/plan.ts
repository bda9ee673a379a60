import { z } from 'zod';
import { INTERVALS } from './money';

export const TIERS = ['silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

export const currencySchema = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'must be a three-letter ISO currency code')
  .transform((s) => s.toLowerCase());

/** What an admin (or the demo seed) provides to define a plan. */
export const planInputSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(80),
  tier: z.enum(TIERS),
  amount: z.number().int('must be whole minor units').min(0).max(99_999_999),
  currency: currencySchema,
  interval: z.enum(INTERVALS as [string, ...string[]]).transform((s) => s as (typeof INTERVALS)[number]),
  intervalCount: z.number().int().min(1).max(365).default(1),
  trialDays: z.number().int().min(0).max(730).default(0),
  active: z.boolean().default(true),
});
export type PlanInput = z.infer<typeof planInputSchema>;
