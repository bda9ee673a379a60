import Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { EventOrigin } from '../events/bus';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { paginate, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { newId } from '../ids';
import { previousAttributes } from '../diff';
import { createProduct, requireProduct } from './products';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;
/** Stripe caps a billing interval at three years. */
const MAX_COUNT: Record<(typeof INTERVALS)[number], number> = { day: 1095, week: 156, month: 36, year: 3 };

function readRecurring(p: Params): Stripe.Price.Recurring | null {
  const r = p.object('recurring');
  if (!r) return null;
  const interval = r.oneOf('interval', INTERVALS);
  if (!interval) throw missingParam('recurring[interval]');
  const count = r.integer('interval_count') ?? 1;
  if (count < 1 || count > MAX_COUNT[interval]) {
    throw invalidParam('recurring[interval_count]', 'The maximum billing interval is 3 years (1095 days, 156 weeks or 36 months).');
  }
  r.oneOf('usage_type', ['licensed']);
  return { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: 'licensed' };
}

type ProductRef = { id: string } | { name: string; metadata: Record<string, string> | null | undefined; active?: boolean };

/** Reads `product` or `product_data` without creating anything, so a bad request leaves no product behind. */
function readProductRef(rt: Runtime, p: Params): ProductRef {
  const productId = p.string('product');
  const data = p.object('product_data');
  if (productId && data) throw badRequest('You may only specify one of these parameters: product, product_data.', 'product');
  if (productId) return { id: requireProduct(rt, productId, 'product').id };
  if (!data) throw missingParam('product');
  return { name: data.requiredString('name'), metadata: data.metadata(), active: data.boolean('active') };
}

function resolveProduct(rt: Runtime, ref: ProductRef, origin: EventOrigin): string {
  return 'id' in ref ? ref.id : createProduct(rt, ref, origin).id;
}

/** A lookup key names one price at a time; `transfer_lookup_key` moves it from the holder. */
function claimLookupKey(rt: Runtime, key: string, transfer: boolean, origin: EventOrigin): void {
  const holder = rt.store.prices.newestFirst((pr) => pr.lookup_key === key)[0];
  if (!holder) return;
  if (!transfer) throw invalidParam('lookup_key', `A price (\`${holder.id}\`) already uses that lookup key.`);
  const next: Stripe.Price = { ...holder, lookup_key: null };
  rt.store.prices.replace(next);
  rt.bus.publish({ type: 'price.updated', data: { object: next, previous_attributes: { lookup_key: key } } }, origin);
}

function create(rt: Runtime, p: Params, origin: EventOrigin): { price: Stripe.Price; expand: string[] } {
  const currency = p.requiredString('currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', `Invalid currency: ${currency}`);
  const unitAmount = p.integer('unit_amount', { min: 0 });
  if (unitAmount === undefined) throw missingParam('unit_amount');
  const recurring = readRecurring(p);
  const lookupKey = p.string('lookup_key');
  const transfer = p.boolean('transfer_lookup_key') ?? false;
  const nickname = p.string('nickname');
  const active = p.boolean('active');
  const metadata = p.metadata();
  p.oneOf('billing_scheme', ['per_unit']);
  p.oneOf('tax_behavior', ['unspecified']);
  const productRef = readProductRef(rt, p);
  const expand = p.stringArray('expand') ?? [];
  p.done();
  if (lookupKey) claimLookupKey(rt, lookupKey, transfer, origin);
  const product = resolveProduct(rt, productRef, origin);
  const price: Stripe.Price = {
    id: newId('price'),
    object: 'price',
    active: active ?? true,
    billing_scheme: 'per_unit',
    created: rt.clock.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey ?? null,
    metadata: metadata ?? {},
    nickname: nickname ?? null,
    product,
    recurring,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: Stripe.Decimal.from(unitAmount),
  };
  rt.store.prices.insert(price);
  rt.bus.publish({ type: 'price.created', data: { object: price } }, origin);
  return { price, expand };
}

export function requirePrice(rt: Runtime, id: string, param = 'id'): Stripe.Price {
  const price = rt.store.prices.get(id);
  if (!price) throw noSuchResource('price', id, param);
  return price;
}

export function priceRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const { price, expand } = create(rt, paramsOf(c), originOf(c));
    return sendObject(c, rt.store, price, expand);
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const product = p.string('product');
    const active = p.boolean('active');
    const type = p.oneOf('type', ['one_time', 'recurring']);
    const currency = p.string('currency');
    const lookupKeys = p.stringArray('lookup_keys');
    const created = readCreatedFilter(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const items = rt.store.prices.newestFirst(
      (pr) =>
        (product === undefined || pr.product === product) &&
        (active === undefined || pr.active === active) &&
        (type === undefined || pr.type === type) &&
        (currency === undefined || pr.currency === currency.toLowerCase()) &&
        (!lookupKeys || (pr.lookup_key !== null && lookupKeys.includes(pr.lookup_key))) &&
        (!created || created(pr.created)),
    );
    return sendList(c, rt.store, paginate(items, page, '/v1/prices', 'price'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, requirePrice(rt, c.req.param('id')), expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requirePrice(rt, c.req.param('id'));
    const active = p.boolean('active');
    const nickname = p.nullableString('nickname');
    const lookupKey = p.nullableString('lookup_key');
    const transfer = p.boolean('transfer_lookup_key') ?? false;
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    if (lookupKey && lookupKey !== current.lookup_key) claimLookupKey(rt, lookupKey, transfer, origin);
    const next: Stripe.Price = {
      ...current,
      active: active ?? current.active,
      nickname: nickname === undefined ? current.nickname : nickname,
      lookup_key: lookupKey === undefined ? current.lookup_key : lookupKey,
      metadata: mergeMetadata(current.metadata, metadata),
    };
    rt.store.prices.replace(next);
    const previous = previousAttributes(current, next);
    if (previous) rt.bus.publish({ type: 'price.updated', data: { object: next, previous_attributes: previous } }, origin);
    return sendObject(c, rt.store, next, expand);
  });

  return app;
}
