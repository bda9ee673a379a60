import { z } from 'zod';
import { INTERVALS, type Interval } from './money';
import { ignoringReadOnly, READ_ONLY_FIELDS } from './strict';

export const TIERS = ['silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

export const currencySchema = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'must be a three-letter ISO currency code')
  .transform((s) => s.toLowerCase());

/** Stripe's limit: a recurring interval is at most three years long. */
const MAX_INTERVAL_COUNT: Record<string, number> = { day: 1095, week: 156, month: 36, year: 3 };

const planFields = {
  name: z.string({ message: 'is required' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  tier: z.enum(TIERS, { message: `must be one of ${TIERS.join(', ')}` }),
  amount: z.number({ message: 'must be a number' }).int('must be whole minor units (cents)').min(0, 'cannot be negative').max(99_999_999, 'is too large'),
  currency: currencySchema,
  interval: z.enum(INTERVALS as [Interval, ...Interval[]], { message: 'must be day, week, month or year' }),
  intervalCount: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(365, 'must be at most 365'),
  trialDays: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'cannot be negative').max(730, 'must be at most 730'),
  active: z.boolean({ message: 'must be true or false' }),
};

function intervalFits(plan: { interval?: Interval; intervalCount?: number }): boolean {
  return !plan.interval || !plan.intervalCount || plan.intervalCount <= MAX_INTERVAL_COUNT[plan.interval]!;
}
const intervalMessage = { message: 'is longer than three years, which Stripe does not allow', path: ['intervalCount'] };

/** What an admin (or the demo seed) provides to define a plan. */
export const planInputSchema = z
  .strictObject({ ...planFields, intervalCount: planFields.intervalCount.default(1), trialDays: planFields.trialDays.default(0), active: planFields.active.default(true) })
  .refine(intervalFits, intervalMessage);
export type PlanInput = z.infer<typeof planInputSchema>;

/** A change to a plan: some of its fields; its ids and timestamps, sent back by an edit form, are ignored; anything else is refused. */
export const planUpdateSchema = ignoringReadOnly(READ_ONLY_FIELDS.plans, z.strictObject(planFields).partial().refine(intervalFits, intervalMessage));
export type PlanUpdate = z.infer<typeof planUpdateSchema>;
