import { z } from 'zod';
import { recordId } from './ids';
import { MAX_SEATS } from './plan';

/** When a change takes effect: now (prorated, charged at once) or at the end of the current period. */
export const CHANGE_TIMINGS = ['now', 'period_end'] as const;
export type ChangeTiming = (typeof CHANGE_TIMINGS)[number];

const unixSeconds = z.number({ message: 'must be a unix time in seconds' }).int('must be whole seconds').positive().max(32_503_680_000);

/** The whole set of items a subscription should have: its base plan and every add-on, with quantities. */
const itemsField = z
  .array(
    z.strictObject({
      planId: recordId(),
      quantity: z
        .number({ message: 'must be a number' })
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(MAX_SEATS, `must be at most ${MAX_SEATS}`)
        .default(1),
    }),
    { message: 'must be a list of {planId, quantity}' },
  )
  .min(1, 'needs the base plan')
  .max(20, 'at most 20 items (Stripe’s limit per subscription)');

/** POST /api/subscriptions/:id/preview (DESIGN §3.1). `when` defaults per settings: upgrades now, downgrades at period end. */
export const itemsPreviewSchema = z.strictObject({ items: itemsField, when: z.enum(CHANGE_TIMINGS, { message: 'must be now or period_end' }).optional() });

/** POST /api/subscriptions/:id/update: the preview's body and, for a change made now, the preview's prorationDate. */
export const itemsUpdateSchema = itemsPreviewSchema.extend({ prorationDate: unixSeconds.optional() });

export type ItemsPreviewInput = z.infer<typeof itemsPreviewSchema>;
export type ItemsUpdateInput = z.infer<typeof itemsUpdateSchema>;

export interface ItemsPreview {
  /** charged now for `now`; the next invoice, with the change in it, for `period_end` */
  amountDue: number;
  currency: string;
  lines: { description: string | null; amount: number }[];
  when: ChangeTiming;
  /** unix seconds: the proration date for `now`, the current period's end for `period_end` */
  effectiveAt: number;
  prorationDate: number;
}

/** One item of a subscription as Recur keeps and shows it (DESIGN §3.1); `id` is Stripe's item id. */
export interface SubscriptionItem {
  id: string;
  stripeSubscriptionItemId: string;
  stripePriceId: string;
  planId: number | null;
  quantity: number;
  unitAmount: number;
}

/** A change waiting for the period's end (a Stripe subscription schedule's next phase). */
export interface PendingChange {
  items: { planId: number | null; stripePriceId: string; quantity: number }[];
  /** ISO time it takes effect */
  effectiveAt: string;
}
