import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { ItemChange, ProrationBehavior } from '../billing/subscriptions/plan-change';
import type { PaymentBehavior, UpdatePaymentBehavior } from '../billing/subscriptions/start-subscription';
import { invalidParam, missingParam, noSuchResource } from '../http/errors';
import { requirePrice } from './prices';

export const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'] as const;
export const PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;

export function recurringPrice(rt: Runtime, id: string, param: string): Stripe.Price {
  const price = requirePrice(rt, id, param);
  if (!price.recurring)
    throw invalidParam(param, `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`);
  if (!price.active) throw invalidParam(param, `The price specified is inactive. This field only accepts active prices.`);
  return price;
}

export function readItems(rt: Runtime, p: Params): ItemChange[] | undefined {
  const list = p.objectArray('items');
  if (!list) return undefined;
  return list.map((item, i) => {
    const priceId = item.string('price');
    // `plan` names a legacy plan, which is a price under the same id (docs.stripe.com/billing/migration/migrating-prices).
    const planId = item.string('plan');
    if (priceId !== undefined && planId !== undefined) throw invalidParam(`items[${i}][plan]`, 'You may only specify one of these parameters: plan, price.');
    if (planId !== undefined && rt.store.deletedPlans.has(planId)) throw noSuchResource('plan', planId, `items[${i}][plan]`);
    const quantity = item.integer('quantity', { min: 0 });
    const deleted = item.boolean('deleted');
    item.boolean('clear_usage');
    const metadata = item.metadata();
    return {
      id: item.string('id'),
      price: priceId ? recurringPrice(rt, priceId, `items[${i}][price]`) : planId ? recurringPrice(rt, planId, `items[${i}][plan]`) : undefined,
      quantity,
      deleted: deleted ?? false,
      metadata,
    };
  });
}

export function checkSameCycle(items: { price: Stripe.Price }[]): void {
  const [first] = items;
  for (const [i, item] of items.entries()) {
    if (item.price.currency !== first.price.currency) {
      throw invalidParam(`items[${i}][price]`, 'All prices on a subscription must have the same `currency`.');
    }
    const a = item.price.recurring;
    const b = first.price.recurring;
    if (a?.interval !== b?.interval || a?.interval_count !== b?.interval_count) {
      throw invalidParam(`items[${i}][price]`, 'Currency and interval fields must match across all plans on this subscription.');
    }
  }
}

/**
 * A subscription keeps the currency it was created in: "The currency cannot be updated on an ongoing
 * subscription" (support.stripe.com/questions/set-or-change-currency-for-an-invoice-or-customer-in-stripe-billing).
 * The wording follows Stripe's error for mixed intervals ("... Found mismatch in interval field.", stripe/stripe-node#682).
 */
export function checkSubscriptionCurrency(sub: Stripe.Subscription, prices: { param: string; price: Stripe.Price | undefined }[]): void {
  for (const { param, price } of prices) {
    if (price && price.currency !== sub.currency) {
      throw invalidParam(param, 'Currency and interval fields must match across all plans on this subscription. Found mismatch in currency field.');
    }
  }
}

/** subscriptions.create: "pending_if_incomplete is only used with updates and cannot be passed when creating a Subscription." */
export function readPaymentBehavior(p: Params): PaymentBehavior {
  const b = p.oneOf('payment_behavior', PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
  if (b === 'pending_if_incomplete') {
    throw invalidParam('payment_behavior', '`pending_if_incomplete` is only used with updates and cannot be passed when creating a Subscription.');
  }
  return b;
}

export function readUpdatePaymentBehavior(p: Params): UpdatePaymentBehavior {
  return p.oneOf('payment_behavior', PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
}

/** The parameters a pending update takes (docs.stripe.com/billing/subscriptions/pending-updates-reference). */
const PENDING_UPDATE_PARAMS = new Set([
  'expand',
  'payment_behavior',
  'proration_behavior',
  'proration_date',
  'billing_cycle_anchor',
  'items',
  'trial_end',
  'trial_from_plan',
  'add_invoice_items',
]);
const PENDING_UPDATE_ITEM_PARAMS = new Set(['id', 'price', 'quantity', 'deleted']);

/** With pending_if_incomplete, anything a pending update cannot hold is refused before anything changes. */
export function checkPendingUpdateParams(p: Params, itemKeys: string[][]): void {
  if (p.raw.payment_behavior !== 'pending_if_incomplete') return;
  const offending = Object.keys(p.raw).find((k) => !PENDING_UPDATE_PARAMS.has(k)) ?? itemKeys.flat().find((k) => !PENDING_UPDATE_ITEM_PARAMS.has(k));
  if (offending === undefined) return;
  throw invalidParam(
    offending,
    `When \`payment_behavior=pending_if_incomplete\`, you may only pass in parameters that are supported by pending updates: ${[...PENDING_UPDATE_PARAMS].join(', ')}; and items[price], items[quantity].`,
  );
}

export function readProrationBehavior(p: Params): ProrationBehavior {
  return p.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
}

/** `trial_end` is a timestamp or the word `now`. */
export function readTrialEnd(p: Params, now: number): 'now' | number | undefined {
  const raw = p.raw.trial_end;
  if (raw === undefined) return undefined;
  if (raw === 'now') {
    p.string('trial_end');
    return 'now';
  }
  const at = p.integer('trial_end');
  if (at !== undefined && at <= now) throw invalidParam('trial_end', 'Invalid timestamp: must be an integer Unix timestamp in the future.');
  return at;
}

export function readPauseCollection(p: Params): Stripe.Subscription.PauseCollection | null | undefined {
  if (p.raw.pause_collection === '') {
    p.string('pause_collection');
    return null;
  }
  const pc = p.object('pause_collection');
  if (!pc) return undefined;
  const behavior = pc.oneOf('behavior', ['keep_as_draft', 'mark_uncollectible', 'void']);
  if (!behavior) throw missingParam('pause_collection[behavior]');
  return { behavior, resumes_at: pc.integer('resumes_at') ?? null };
}

/** The keys each `items[n]` was sent with, before they are read. */
export function itemKeysOf(p: Params): string[][] {
  const raw = p.raw.items;
  if (raw === undefined || typeof raw === 'string') return [];
  const list = Array.isArray(raw) ? raw : Object.values(raw);
  return list.map((item) => (typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : []));
}
