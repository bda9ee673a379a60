import { z } from 'zod';
import { INTERVALS, type Interval } from './money';
import { ignoringReadOnly, READ_ONLY_FIELDS } from './strict';
import { planFeatureValuesSchema } from './features';

export const TIERS = ['silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

/** A base plan is what a subscription is on; an add-on is sold beside one (DESIGN §3.1). */
export const PLAN_KINDS = ['base', 'addon'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** Stripe allows any quantity; a seat count beyond this is a typing mistake. */
export const MAX_SEATS = 10_000;

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
  kind: z.enum(PLAN_KINDS, { message: 'must be base or addon' }),
  addonIds: z
    .array(z.number({ message: 'must be plan ids' }).int('must be plan ids').positive('must be plan ids'), { message: 'must be a list of plan ids' })
    .max(50, 'at most 50 add-ons'),
  perSeat: z.boolean({ message: 'must be true or false' }),
  minQuantity: z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_SEATS, `must be at most ${MAX_SEATS}`)
    .nullable(),
  maxQuantity: z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_SEATS, `must be at most ${MAX_SEATS}`)
    .nullable(),
  /** feature key → value (issue 15); given, it replaces the plan's values; the server checks keys and kinds */
  features: planFeatureValuesSchema,
};

interface Shape {
  kind?: PlanKind;
  addonIds?: number[];
  perSeat?: boolean;
  minQuantity?: number | null;
  maxQuantity?: number | null;
  trialDays?: number;
}

/**
 * The rules between fields, as field → message: only a base plan lists add-ons, and an add-on has
 * no trial of its own (Stripe's trial belongs to the subscription); seat bounds only on a per-seat
 * plan, in order. Checked on a new plan, and on a plan as an update would leave it.
 */
export function planShapeProblems(plan: Shape): Record<string, string> {
  const problems: Record<string, string> = {};
  if (plan.kind === 'addon' && plan.addonIds?.length) problems.addonIds = 'only a base plan lists add-ons';
  else if (plan.addonIds && new Set(plan.addonIds).size !== plan.addonIds.length) problems.addonIds = 'lists an add-on twice';
  if (plan.kind === 'addon' && plan.trialDays) problems.trialDays = "an add-on follows its subscription's trial";
  if (!plan.perSeat && plan.minQuantity != null) problems.minQuantity = 'seat bounds need a per-seat plan';
  if (!plan.perSeat && plan.maxQuantity != null) problems.maxQuantity = 'seat bounds need a per-seat plan';
  else if (plan.minQuantity != null && plan.maxQuantity != null && plan.maxQuantity < plan.minQuantity) problems.maxQuantity = 'must be at least the minimum';
  return problems;
}

function shapeProblems(plan: Shape, ctx: z.RefinementCtx): void {
  for (const [field, message] of Object.entries(planShapeProblems(plan))) ctx.addIssue({ code: 'custom', message, path: [field] });
}

/** The seats a plan may be bought in: 1 unless it is sold per seat. */
export function seatBounds(plan: { perSeat: boolean; minQuantity: number | null; maxQuantity: number | null }): { min: number; max: number } {
  return plan.perSeat ? { min: plan.minQuantity ?? 1, max: plan.maxQuantity ?? MAX_SEATS } : { min: 1, max: 1 };
}

function intervalFits(plan: { interval?: Interval; intervalCount?: number }): boolean {
  return !plan.interval || !plan.intervalCount || plan.intervalCount <= MAX_INTERVAL_COUNT[plan.interval]!;
}
const intervalMessage = { message: 'is longer than three years, which Stripe does not allow', path: ['intervalCount'] };

/** What an admin (or the demo seed) provides to define a plan. */
export const planInputSchema = z
  .strictObject({
    ...planFields,
    intervalCount: planFields.intervalCount.default(1),
    trialDays: planFields.trialDays.default(0),
    active: planFields.active.default(true),
    kind: planFields.kind.default('base'),
    addonIds: planFields.addonIds.default([]),
    perSeat: planFields.perSeat.default(false),
    minQuantity: planFields.minQuantity.default(null),
    maxQuantity: planFields.maxQuantity.default(null),
    features: planFields.features.optional(),
  })
  .refine(intervalFits, intervalMessage)
  .superRefine(shapeProblems);
export type PlanInput = z.infer<typeof planInputSchema>;

/** A change to a plan: some of its fields; its ids and timestamps, sent back by an edit form, are ignored; anything else is refused. */
export const planUpdateSchema = ignoringReadOnly(READ_ONLY_FIELDS.plans, z.strictObject(planFields).partial().refine(intervalFits, intervalMessage));
export type PlanUpdate = z.infer<typeof planUpdateSchema>;
