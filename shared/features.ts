import { z } from 'zod';
import { ignoringReadOnly } from './strict';

/** `boolean`: on or off; `limit`: a non-negative whole number (seats, projects, GB…). */
export const FEATURE_KINDS = ['boolean', 'limit'] as const;
export type FeatureKind = (typeof FEATURE_KINDS)[number];

/** Keys are what apps write in their code: lowercase, stable, safe in URLs and JSON paths. */
export const FEATURE_KEY_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
const KEY_MESSAGE = 'must start with a-z, then up to 63 of a-z, 0-9, _ . -';

/** A limit per plan. Summed over items, seats and subscriptions it stays far below 2^53. */
export const MAX_FEATURE_LIMIT = 1_000_000_000;

/** What the entitlements API answers per feature: a boolean feature's on/off, a limit's number. */
export type FeatureValue = boolean | number;
export type Entitlements = Record<string, FeatureValue>;

export const featureKeySchema = z.string({ message: 'is required' }).regex(FEATURE_KEY_PATTERN, KEY_MESSAGE);

const featureFields = {
  key: featureKeySchema,
  name: z.string({ message: 'is required' }).trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  kind: z.enum(FEATURE_KINDS, { message: 'must be boolean or limit' }),
  description: z.string({ message: 'must be text' }).trim().max(1000, 'must be at most 1000 characters').nullable(),
};

/** POST /api/features. A blank description is no description. */
export const featureInputSchema = z.strictObject({
  ...featureFields,
  description: featureFields.description.transform((d) => d || null).default(null),
});
export type FeatureInput = z.infer<typeof featureInputSchema>;

/** What GET answers that an edit form sends back: known, ignored (shared/strict.ts). */
export const FEATURE_READ_ONLY_FIELDS = ['id', 'createdAt', 'updatedAt'] as const;

/**
 * PUT /api/features/:id. `key` is accepted only unchanged (apps have it in their code: a new key is
 * a new feature); `kind` changes only while no plan gives the feature a value (the service says 409).
 */
export const featureUpdateSchema = ignoringReadOnly(
  FEATURE_READ_ONLY_FIELDS,
  z.strictObject({ ...featureFields, description: featureFields.description.transform((d) => d || null) }).partial(),
);
export type FeatureUpdate = z.infer<typeof featureUpdateSchema>;

/**
 * A plan's feature values, as the plan API takes and gives them: `true` grants a boolean feature,
 * a number is a limit. `false` and `null` take a value away (an unticked box, an emptied field),
 * so a form can send every feature. Which kind each key is, and whether it exists, the server
 * checks against the features table.
 */
export const planFeatureValuesSchema = z
  .record(
    featureKeySchema,
    z.union(
      [
        z.boolean(),
        z
          .number({ message: 'must be true, false or a whole number' })
          .int('must be a whole number')
          .min(0, 'cannot be negative')
          .max(MAX_FEATURE_LIMIT, `must be at most ${MAX_FEATURE_LIMIT}`),
        z.null(),
      ],
      { message: 'must be true, false, a whole number or null' },
    ),
    { message: 'must be an object of feature key → value' },
  )
  .refine((values) => Object.keys(values).length <= 200, 'at most 200 features');
export type PlanFeatureValues = z.infer<typeof planFeatureValuesSchema>;
