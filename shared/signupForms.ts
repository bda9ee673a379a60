import { z } from 'zod';
import { MAX_ID } from './ids';
import { ignoringReadOnly, READ_ONLY_FIELDS } from './strict';

/** What admins configure for a hosted signup form (DESIGN §1: low-code forms). */
export const FIELD_TYPES = ['text', 'email', 'select', 'checkbox'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const DEFAULT_FORM_SLUG = 'default';
/** The form's own inputs: a custom field may not take their names. */
export const RESERVED_FIELD_KEYS = ['plan', 'email', 'name'] as const;
export const MAX_CUSTOM_FIELDS = 20;
/** Stripe metadata values are at most 500 characters; custom values are copied there. */
export const MAX_VALUE_LENGTH = 500;

const text = (max: number) => z.string({ message: 'is required' }).trim().max(max, `must be at most ${max} characters`);

export const slugSchema = z
  .string({ message: 'is required' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'use lower-case letters, digits and dashes (at most 64), e.g. spring-offer');

export const customFieldSchema = z
  .strictObject({
    key: z
      .string({ message: 'is required' })
      .trim()
      .regex(/^[a-z][a-zA-Z0-9_]{0,29}$/, 'start with a letter; letters, digits and _ only (at most 30)')
      .refine((key) => !(RESERVED_FIELD_KEYS as readonly string[]).includes(key), `cannot be ${RESERVED_FIELD_KEYS.join(', ')}`),
    label: text(80).min(1, 'is required'),
    type: z.enum(FIELD_TYPES, { message: `must be one of ${FIELD_TYPES.join(', ')}` }),
    options: z.array(text(80).min(1, 'an option cannot be empty'), { message: 'must be a list' }).max(30, 'at most 30 options').default([]),
    required: z.boolean({ message: 'must be true or false' }).default(false),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'select' && field.options.length === 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs at least one option' });
    if (new Set(field.options).size !== field.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be different' });
  })
  // Only a select keeps its options: anything else would be shown nowhere.
  .transform((field) => ({ ...field, options: field.type === 'select' ? field.options : [] }));
export type CustomField = z.infer<typeof customFieldSchema>;

const formFields = {
  slug: slugSchema,
  title: text(120).min(1, 'is required'),
  intro: text(2000).default(''),
  /** plan ids in the order the form shows them; ignored when allPlans */
  planIds: z
    .array(z.number({ message: 'must be plan ids' }).int().positive().max(MAX_ID, 'is not a plan id'), { message: 'must be a list of plan ids' })
    .max(50, 'at most 50 plans')
    .default([]),
  /** show every active plan in the catalog's order (the default form does) */
  allPlans: z.boolean({ message: 'must be true or false' }).default(false),
  customFields: z.array(customFieldSchema, { message: 'must be a list' }).max(MAX_CUSTOM_FIELDS, `at most ${MAX_CUSTOM_FIELDS} fields`).default([]),
  successMessage: text(500).default(''),
  accentColor: z
    .string({ message: 'is required' })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3b5bdb')
    .transform((s) => s.toLowerCase())
    .default('#3b5bdb'),
  active: z.boolean({ message: 'must be true or false' }).default(true),
  /** offer the chosen plan's add-ons (checkboxes) */
  offerAddons: z.boolean({ message: 'must be true or false' }).default(false),
  /** ask for a seat count when the chosen plan is sold per seat (else its minimum) */
  offerSeats: z.boolean({ message: 'must be true or false' }).default(false),
};

type FormShape = { planIds: number[]; allPlans: boolean; customFields: CustomField[] };

function checkForm(form: FormShape, ctx: z.RefinementCtx): void {
  if (!form.allPlans && form.planIds.length === 0) ctx.addIssue({ code: 'custom', path: ['planIds'], message: 'choose at least one plan' });
  if (new Set(form.planIds).size !== form.planIds.length) ctx.addIssue({ code: 'custom', path: ['planIds'], message: 'a plan is listed twice' });
  const seen = new Set<string>();
  form.customFields.forEach((field, i) => {
    if (seen.has(field.key)) ctx.addIssue({ code: 'custom', path: ['customFields', i, 'key'], message: `the key ${field.key} is used twice` });
    seen.add(field.key);
  });
}

/** A whole form definition, as an admin creates it. */
export const signupFormInputSchema = z.strictObject(formFields).superRefine(checkForm);
export type SignupFormInput = z.infer<typeof signupFormInputSchema>;

/** An update: the same fields, each optional (ids and timestamps ignored); the merged result is checked again by the service. */
export const signupFormUpdateSchema = ignoringReadOnly(
  READ_ONLY_FIELDS['signup-forms'],
  z
    .strictObject({
      slug: formFields.slug,
      title: formFields.title,
      intro: text(2000),
      planIds: formFields.planIds.removeDefault(),
      allPlans: formFields.allPlans.removeDefault(),
      customFields: formFields.customFields.removeDefault(),
      successMessage: text(500),
      accentColor: formFields.accentColor.removeDefault(),
      active: formFields.active.removeDefault(),
      offerAddons: formFields.offerAddons.removeDefault(),
      offerSeats: formFields.offerSeats.removeDefault(),
    })
    .partial(),
);
export type SignupFormUpdate = z.infer<typeof signupFormUpdateSchema>;

/** Merges an update into a form and checks the result as a whole (e.g. at least one plan). */
export function mergeSignupForm(current: SignupFormInput, changes: SignupFormUpdate) {
  return signupFormInputSchema.safeParse({ ...current, ...changes });
}

export type CustomValue = string | boolean;

const valueText = (label: string) => z.string().trim().max(MAX_VALUE_LENGTH, `Keep ${label} under ${MAX_VALUE_LENGTH} characters`);

function fieldValueSchema(field: CustomField): z.ZodType<CustomValue | undefined> {
  const label = field.label;
  switch (field.type) {
    case 'checkbox': {
      const checked = z.unknown().transform((v) => v === 'on' || v === 'true' || v === true);
      return field.required ? checked.refine((v) => v, `Tick “${label}” to continue`) : checked;
    }
    case 'select': {
      const choice = z.string().refine((v) => field.options.includes(v), `Choose one of the options for ${label}`);
      return field.required
        ? z
            .string({ message: `Choose an option for ${label}` })
            .min(1, `Choose an option for ${label}`)
            .pipe(choice)
        : z.union([z.literal('').transform(() => undefined), z.undefined(), choice]);
    }
    case 'email': {
      const email = valueText(label).pipe(z.email(`Enter a valid e-mail address for ${label}`));
      return field.required
        ? z
            .string({ message: `Enter ${label}` })
            .trim()
            .min(1, `Enter ${label}`)
            .pipe(email)
        : z.union([
            z.undefined(),
            z
              .string()
              .trim()
              .length(0)
              .transform(() => undefined),
            email,
          ]);
    }
    default: {
      const value = valueText(label);
      return field.required
        ? z
            .string({ message: `Enter ${label}` })
            .trim()
            .min(1, `Enter ${label}`)
            .pipe(value)
        : z.union([z.undefined(), value.transform((v) => (v === '' ? undefined : v))]);
    }
  }
}

/**
 * The schema a submission's custom values must meet, built from the form's fields: keyed by the
 * field keys, each value a trimmed string (a checkbox: a boolean). Unset optional values are left out.
 */
export function customValuesSchema(fields: readonly CustomField[]) {
  const shape: Record<string, z.ZodType<CustomValue | undefined>> = {};
  for (const field of fields) shape[field.key] = fieldValueSchema(field);
  return z.object(shape).transform((values) => {
    const present: Record<string, CustomValue> = {};
    for (const [key, value] of Object.entries(values)) if (value !== undefined) present[key] = value;
    return present;
  });
}
