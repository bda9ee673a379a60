import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { ItemChange, ProrationBehavior } from '../billing/plan-change';
import type { PaymentBehavior } from '../billing/start-subscription';
import { invalidParam, missingParam } from '../http/errors';
import { requirePrice } from './prices';

export const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'] as const;
export const PAYMENT_BEHAVIORS = ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const;

export function recurringPrice(rt: Runtime, id: string, param: string): Stripe.Price {
  const price = requirePrice(rt, id, param);
  if (!price.recurring) throw invalidParam(param, `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`);
  if (!price.active) throw invalidParam(param, `The price specified is inactive. This field only accepts active prices.`);
  return price;
}

export function readItems(rt: Runtime, p: Params): ItemChange[] | undefined {
  const list = p.objectArray('items');
  if (!list) return undefined;
  return list.map((item, i) => {
    const priceId = item.string('price');
    item.string('plan');
    const quantity = item.integer('quantity', { min: 0 });
    const deleted = item.boolean('deleted');
    item.boolean('clear_usage');
    const metadata = item.metadata();
    return {
      id: item.string('id'),
      price: priceId ? recurringPrice(rt, priceId, `items[${i}][price]`) : undefined,
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

export function readPaymentBehavior(p: Params): PaymentBehavior {
  const b = p.oneOf('payment_behavior', PAYMENT_BEHAVIORS) ?? 'allow_incomplete';
  return b === 'pending_if_incomplete' ? 'error_if_incomplete' : b;
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
