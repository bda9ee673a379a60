import type { SignupFormRecord } from '../types';

/**
 * react-hook-form's field arrays hold objects, not numbers: the ordered plan picker edits
 * `plans: [{planId}]`, which becomes the API's `planIds` on save (and back on load).
 */
export interface SignupFormValues extends SignupFormRecord {
  plans: { planId: number | null }[];
}

export function toFormValues(record: SignupFormRecord): SignupFormValues {
  return { ...record, plans: record.planIds.map((planId) => ({ planId })) };
}

/** What the API accepts: the definition only, ids and timestamps stay home. */
export function toApiInput(values: Partial<SignupFormValues>) {
  const { slug, title, intro, allPlans, successMessage, accentColor, active, offerAddons, offerSeats } = values;
  return {
    slug,
    title,
    intro: intro ?? '',
    allPlans: allPlans ?? false,
    successMessage: successMessage ?? '',
    accentColor,
    active: active ?? true,
    offerAddons: offerAddons ?? false,
    offerSeats: offerSeats ?? false,
    planIds: (values.plans ?? []).map((p) => p.planId).filter((id): id is number => typeof id === 'number'),
    customFields: (values.customFields ?? []).map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      required: !!field.required,
      options: field.type === 'select' ? (field.options ?? []) : [],
    })),
  };
}

export const DEFAULT_VALUES: Partial<SignupFormValues> = {
  intro: '',
  allPlans: false,
  plans: [{ planId: null }],
  customFields: [],
  successMessage: '',
  accentColor: '#3b5bdb',
  active: true,
  offerAddons: false,
  offerSeats: false,
};
