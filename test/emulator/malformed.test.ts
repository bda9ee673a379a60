import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { seededRandom } from '../../emulator/faults/prng';
import { startOpsEmulator } from '../helpers/ops';

let emulator: RunningEmulator;
let stripe: Stripe;
let customerId: string;

beforeAll(async () => {
  ({ emulator, stripe } = await startOpsEmulator());
  customerId = (await stripe.customers.create({ email: 'target@x.io' })).id;
});
afterAll(async () => {
  await emulator.close();
});

type Params = Record<string, unknown>;

/** Stripe's bracket encoding, for GET query strings (rawRequest takes params only on POST). */
function flatten(value: unknown, prefix: string, out: [string, string][]): [string, string][] {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) flatten(v, `${prefix}[${i}]`, out);
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}[${k}]` : k, out);
  else out.push([prefix, String(value)]);
  return out;
}

/** Sends params through the SDK (its own encoder on POST), which writes whatever keys and shapes it is given. */
function send(method: 'GET' | 'POST', path: string, params: Params): Promise<unknown> {
  if (method === 'POST') return stripe.rawRequest(method, path, params);
  const query = new URLSearchParams(flatten(params, '', [])).toString();
  return stripe.rawRequest(method, query ? `${path}?${query}` : path);
}

async function rejection(method: 'GET' | 'POST', path: string, params: Params): Promise<Stripe.errors.StripeError> {
  const err = await send(method, path, params).then(
    () => new Error(`${method} ${path} was accepted`),
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeError)) throw err;
  return err;
}

function nested(depth: number): Params {
  let node: Params = { leaf: 'x' };
  for (let i = 0; i < depth; i++) node = { a: node };
  return node;
}

const HUGE = 'x'.repeat(200_000);

const CASES: Array<[string, 'GET' | 'POST', string, Params, string]> = [
  ['unclosed bracket', 'POST', '/v1/customers', { 'metadata[a': 'x' }, 'metadata'],
  ['text after the brackets', 'POST', '/v1/products', { 'metadata[a]b': 'x', name: 'P' }, 'metadata'],
  ['a key that is only brackets', 'POST', '/v1/customers', { '[email]': 'x' }, '[email]'],
  ['a value and a hash under one name', 'POST', '/v1/customers', { metadata: 'x', 'metadata[a]': 'b' }, 'metadata'],
  ['prototype pollution attempt', 'POST', '/v1/customers', { 'metadata[__proto__][polluted]': 'yes' }, 'metadata'],
  ['constructor pollution attempt', 'POST', '/v1/customers', { 'metadata[constructor][prototype][polluted]': 'yes' }, 'metadata'],
  ['nesting 30 levels deep', 'POST', '/v1/customers', { metadata: nested(30) }, 'metadata'],
  ['a hash inside metadata', 'POST', '/v1/customers', { metadata: { a: { b: 'c' } } }, 'metadata[a]'],
  ['a 200 kB email', 'POST', '/v1/customers', { email: HUGE }, 'email'],
  ['a 200 kB product name', 'POST', '/v1/products', { name: HUGE }, 'name'],
  ['a 200 kB metadata value', 'POST', '/v1/customers', { metadata: { k: HUGE } }, 'metadata[k]'],
  ['an array where a string goes', 'POST', '/v1/customers', { email: ['a@x.io', 'b@x.io'] }, 'email'],
  ['a hash where a string goes', 'POST', '/v1/products', { name: { first: 'P' } }, 'name'],
  ['a string where a hash goes', 'POST', '/v1/prices', { currency: 'usd', unit_amount: 100, recurring: 'month', product_data: { name: 'P' } }, 'recurring'],
  ['a string where a list goes', 'POST', '/v1/webhook_endpoints', { url: 'https://h.example', enabled_events: '*' }, 'enabled_events'],
  [
    'a hash where a list goes',
    'POST',
    '/v1/checkout/sessions',
    { mode: 'subscription', line_items: { price: 'x' }, success_url: 'https://a.example' },
    'line_items',
  ],
  ['an integer beyond 2^53', 'POST', '/v1/prices', { currency: 'usd', unit_amount: '99999999999999999999999', product_data: { name: 'P' } }, 'unit_amount'],
  ['a non-numeric integer', 'GET', '/v1/customers', { limit: 'ten' }, 'limit'],
  ['a negative limit', 'GET', '/v1/events', { limit: -1 }, 'limit'],
  ['a nonsense boolean', 'GET', '/v1/products', { active: 'maybe' }, 'active'],
  ['an unknown param', 'POST', '/v1/customers', { bogus: '1' }, 'bogus'],
  [
    'an unknown nested param',
    'POST',
    '/v1/prices',
    { currency: 'usd', unit_amount: 1, recurring: { interval: 'month', bogus: 1 }, product_data: { name: 'P' } },
    'recurring[bogus]',
  ],
  ['an unknown param on update', `POST`, '/v1/customers/{id}', { nickname: 'x' }, 'nickname'],
  ['an unknown list filter', 'GET', '/v1/events', { colour: 'red' }, 'colour'],
  ['expanding too deep', 'GET', '/v1/customers', { expand: ['data.a.b.c.d.e'] }, 'expand'],
  ['an unknown enum value', 'POST', '/v1/plans', { amount: 1, currency: 'usd', interval: 'fortnight', product: { name: 'P' } }, 'interval'],
  ['a created range that is not numbers', 'GET', '/v1/events', { created: { gte: 'yesterday' } }, 'created[gte]'],
];

describe('malformed requests', () => {
  it.each(CASES)('%s → 400 invalid_request_error naming the param', async (_name, method, path, params, param) => {
    const err = await rejection(method, path.replace('{id}', customerId), params);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.raw).toMatchObject({ type: 'invalid_request_error' });
    expect(err.param).toBe(param);
    expect(err.message.length).toBeLessThan(500);
  });

  it('left Object.prototype untouched and created nothing', async () => {
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    expect((await stripe.customers.list({ limit: 100 })).data.map((c) => c.id)).toEqual([customerId]);
    expect((await stripe.products.list({ limit: 100 })).data).toEqual([]);
  });

  it('keeps numeric metadata keys as keys', async () => {
    const c = await stripe.customers.create({ metadata: { '2024': 'year', '0': 'zero' } });
    expect(c.metadata).toEqual({ '2024': 'year', '0': 'zero' });
    await stripe.customers.del(c.id);
  });

  it('answers a JSON body with 400, not 500', async () => {
    const res = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_x', 'Content-Type': 'application/json' },
      body: '{"email": "json@x.io"',
    });
    expect(res.status).toBe(400);
  });

  it('never answers 500 to random junk on any of a sample of endpoints', async () => {
    const random = seededRandom(20261028);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const paths = [
      '/v1/customers',
      `/v1/customers/${customerId}`,
      '/v1/products',
      '/v1/prices',
      '/v1/plans',
      '/v1/webhook_endpoints',
      '/v1/checkout/sessions',
      '/v1/subscriptions',
      '/v1/invoices',
      '/v1/payment_methods',
      '/v1/events',
      '/v1/customers/search',
      '/v1/invoices/create_preview',
      '/v1/coupons',
      '/v1/promotion_codes',
      '/v1/setup_intents',
      '/v1/refunds',
      '/v1/invoiceitems',
      '/v1/test_helpers/test_clocks',
      '/v1/payment_intents',
      '/v1/charges',
      `/v1/customers/${customerId}/payment_methods`,
      '/v1/subscription_items',
      '/v1/subscription_items/si_missing',
      '/v1/setup_intents/seti_missing/confirm',
    ];
    const names = [
      'email',
      'name',
      'metadata',
      'items',
      'line_items',
      'expand',
      'limit',
      'product',
      'recurring',
      'currency',
      'unit_amount',
      'customer',
      'price',
      'mode',
      'query',
      'created',
      'starting_after',
      'enabled_events',
      'url',
      'amount',
      'percent_off',
      'duration',
      'frozen_time',
      'subscription',
      'payment_method',
      'type',
      'card',
      'trial_period_days',
      'proration_behavior',
      'discounts',
      'coupon',
      'subscription_details',
      'charge',
      'payment_intent',
      'quantity',
      'setup_intent_data',
      'confirm',
      'usage',
    ];
    const values: unknown[] = [
      '',
      'x',
      '-1',
      '1e9',
      '99999999999999999999',
      ['a'],
      { a: 'b' },
      { 0: { price: 'x' } },
      [{ x: 1 }],
      HUGE.slice(0, 6000),
      'null',
      'true',
      '[]',
      '%',
      'cus_missing',
      nested(3),
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 800; i++) {
      const params: Params = {};
      const count = 1 + Math.floor(random() * 4);
      for (let j = 0; j < count; j++) params[pick(names)] = pick(values);
      const method = random() < 0.5 ? 'GET' : 'POST';
      const path = pick(paths);
      const status = await send(method, path, params).then(
        () => 200,
        (e: unknown) => (e instanceof Stripe.errors.StripeError ? (e.statusCode ?? 0) : -1),
      );
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 || status <= 0) throw new Error(`${method} ${path} ${JSON.stringify(params).slice(0, 300)} → ${status}`);
    }
    expect(statuses.get(400)).toBeGreaterThan(200);
  });
});
