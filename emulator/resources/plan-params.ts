import Stripe from 'stripe';
import type { Params } from '../http/params';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import { StripeApiError, badRequest, invalidParam, missingParam } from '../http/errors';
import { newId } from '../ids';
import { createProduct, requireProduct } from './products';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;
/** Stripe caps a billing interval at three years, for plans as for prices. */
const MAX_COUNT: Record<(typeof INTERVALS)[number], number> = { day: 1095, week: 156, month: 36, year: 3 };

type ProductRef = { id: string } | { id?: string; name: string; active?: boolean; metadata: Record<string, string> | null | undefined };

/** `product` is an id or, in the plan API only, an inline hash creating the product. */
export function readPlanProduct(rt: Runtime, p: Params): ProductRef {
  if (!p.has('product')) throw missingParam('product');
  if (typeof p.raw.product === 'string') return { id: requireProduct(rt, p.requiredString('product'), 'product').id };
  const data = p.object('product');
  if (!data) throw missingParam('product');
  const id = data.string('id');
  if (id && rt.store.products.get(id)) throw badRequest('Product already exists.', 'product[id]');
  return { id, name: data.requiredString('name'), active: data.boolean('active'), metadata: data.metadata() };
}

export interface PlanInput {
  id: string;
  amount: number;
  currency: string;
  interval: (typeof INTERVALS)[number];
  intervalCount: number;
  product: ProductRef;
  nickname: string | null;
  active: boolean;
  metadata: Record<string, string>;
  trialPeriodDays: number | null;
}

export function readPlanInput(rt: Runtime, p: Params): PlanInput {
  const id = p.string('id');
  if (id === '') throw invalidParam('id', 'Invalid plan id: must not be empty');
  if (id !== undefined && rt.store.prices.get(id)) {
    // Plans and prices share one id space, so a price's id is taken too.
    throw new StripeApiError(400, { type: 'invalid_request_error', code: 'resource_already_exists', param: 'id', message: 'Plan already exists.' });
  }
  const currency = p.requiredString('currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', `Invalid currency: ${currency}`);
  const amount = p.integer('amount', { min: 0, max: 99_999_999 });
  if (amount === undefined) throw missingParam('amount');
  const interval = p.oneOf('interval', INTERVALS);
  if (!interval) throw missingParam('interval');
  const intervalCount = p.integer('interval_count') ?? 1;
  if (intervalCount < 1 || intervalCount > MAX_COUNT[interval]) {
    throw invalidParam('interval_count', 'The maximum billing interval is 3 years (1095 days, 156 weeks or 36 months).');
  }
  p.oneOf('billing_scheme', ['per_unit']);
  p.oneOf('usage_type', ['licensed']);
  return {
    id: id ?? newId('price'),
    amount,
    currency,
    interval,
    intervalCount,
    product: readPlanProduct(rt, p),
    nickname: p.string('nickname') ?? null,
    active: p.boolean('active') ?? true,
    metadata: p.metadata() ?? {},
    trialPeriodDays: p.integer('trial_period_days', { min: 0, max: 730 }) ?? null,
  };
}

/** The price behind a plan: Stripe keeps the two as one object with two shapes. */
export function priceForPlan(rt: Runtime, input: PlanInput, origin: EventOrigin): Stripe.Price {
  const product = 'name' in input.product ? createProduct(rt, input.product, origin).id : input.product.id;
  return {
    id: input.id,
    object: 'price',
    active: input.active,
    billing_scheme: 'per_unit',
    created: rt.clock.now(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: input.metadata,
    nickname: input.nickname,
    product,
    recurring: {
      interval: input.interval,
      interval_count: input.intervalCount,
      meter: null,
      trial_period_days: input.trialPeriodDays,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring',
    unit_amount: input.amount,
    unit_amount_decimal: Stripe.Decimal.from(input.amount),
  };
}
