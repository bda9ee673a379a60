import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});

async function rawPost(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.emulator.url}${path}`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk_test_raw', 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { res, json: await res.json() };
}

describe('authentication', () => {
  it('rejects a live or malformed key with 401 and Stripe’s error object', async () => {
    const bad = new Stripe('sk_live_nope', { host: '127.0.0.1', port: t.emulator.port, protocol: 'http' });
    const err = await bad.customers.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    expect(err.statusCode).toBe(401);
    expect(err.type).toBe('StripeAuthenticationError');
    expect(err.message).toMatch(/^Invalid API Key provided: sk_live_/);
  });

  it('rejects a request without a key and still sends a Request-Id', async () => {
    const res = await fetch(`${t.emulator.url}/v1/customers`);
    expect(res.status).toBe(401);
    expect(res.headers.get('request-id')).toMatch(/^req_\w+$/);
    const body = await res.json();
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('You did not provide an API key');
  });

  it('accepts any sk_test_ key, also as a Basic-auth user name', async () => {
    const res = await fetch(`${t.emulator.url}/v1/customers`, {
      headers: { Authorization: `Basic ${Buffer.from('sk_test_whatever:').toString('base64')}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).object).toBe('list');
  });
});

describe('errors', () => {
  it('answers a missing object with 404 resource_missing', async () => {
    const err = await t.stripe.products.retrieve('prod_missing').catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('resource_missing');
    expect(err.param).toBe('id');
    expect(err.message).toBe("No such product: 'prod_missing'");
    expect(err.requestId).toMatch(/^req_/);
  });

  it('answers a missing required param with 400 parameter_missing', async () => {
    const err = await t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [] }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('parameter_missing');
    expect(err.param).toBe('line_items');
  });

  it('names an unknown parameter', async () => {
    const { res, json } = await rawPost('/v1/customers', 'email=a%40b.co&colour=blue');
    expect(res.status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param: 'colour' });
    const nested = await rawPost('/v1/prices', 'currency=usd&unit_amount=5&product_data[name]=X&product_data[shape]=round');
    expect(nested.json.error.param).toBe('product_data[shape]');
  });

  it('answers an unknown URL with 404 in Stripe’s shape', async () => {
    const res = await fetch(`${t.emulator.url}/v1/teleporters`, { headers: { Authorization: 'Bearer sk_test_1' } });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('Unrecognized request URL (GET: /v1/teleporters)');
  });

  it('rejects a non-integer amount and an out-of-range limit', async () => {
    const { json } = await rawPost('/v1/prices', 'currency=usd&unit_amount=ten&product_data[name]=X');
    expect(json.error).toMatchObject({ code: 'parameter_invalid', param: 'unit_amount' });
    const err = await t.stripe.customers.list({ limit: 101 }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.param).toBe('limit');
  });
});

describe('form encoding', () => {
  it('decodes bracket notation the way the SDK and curl send it', async () => {
    const { json } = await rawPost(
      '/v1/customers',
      'email=br%40ckets.io&metadata[plan]=pro&metadata[seats]=3&expand[]=invoice_settings.default_payment_method',
    );
    expect(json.email).toBe('br@ckets.io');
    expect(json.metadata).toEqual({ plan: 'pro', seats: '3' });
  });
});

describe('idempotency', () => {
  it('replays the stored response for the same key and params', async () => {
    const first = await t.stripe.customers.create({ email: 'idem@x.io' }, { idempotencyKey: 'key-one' });
    const second = await t.stripe.customers.create({ email: 'idem@x.io' }, { idempotencyKey: 'key-one' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    const all = await t.stripe.customers.list({ email: 'idem@x.io' });
    expect(all.data).toHaveLength(1);
  });

  it('refuses the same key with different params', async () => {
    await t.stripe.customers.create({ email: 'one@x.io' }, { idempotencyKey: 'key-two' });
    const err = await t.stripe.customers.create({ email: 'two@x.io' }, { idempotencyKey: 'key-two' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    if (!(err instanceof Stripe.errors.StripeError)) throw err;
    expect(err.statusCode).toBe(400);
    expect(err.rawType).toBe('idempotency_error');
    expect(err.message).toContain("Try using a key other than 'key-two'");
  });

  it('does not keep a failed validation, so the key can be reused once fixed', async () => {
    const bad = await rawPost('/v1/products', 'name=', { 'Idempotency-Key': 'key-three' });
    expect(bad.res.status).toBe(400);
    const good = await rawPost('/v1/products', 'name=Fixed', { 'Idempotency-Key': 'key-three' });
    expect(good.res.status).toBe(200);
    expect(good.json.name).toBe('Fixed');
  });
});

describe('pagination', () => {
  it('pages newest first with starting_after and ending_before', async () => {
    const made: string[] = [];
    for (let i = 0; i < 25; i++) made.push((await t.stripe.products.create({ name: `P${i}`, metadata: { batch: 'page' } })).id);
    const newestFirst = [...made].reverse();
    const mine = (ids: string[]) => ids.filter((id) => made.includes(id));

    const page1 = await t.stripe.products.list({ limit: 10 });
    expect(page1.has_more).toBe(true);
    expect(page1.url).toBe('/v1/products');
    expect(mine(page1.data.map((p) => p.id))).toEqual(newestFirst.slice(0, 10));

    const page2 = await t.stripe.products.list({ limit: 10, starting_after: page1.data[9].id });
    expect(mine(page2.data.map((p) => p.id))).toEqual(newestFirst.slice(10, 20));

    const back = await t.stripe.products.list({ limit: 10, ending_before: page2.data[0].id });
    expect(back.data.map((p) => p.id)).toEqual(page1.data.map((p) => p.id));
    expect(back.has_more).toBe(false);

    const defaults = await t.stripe.products.list();
    expect(defaults.data).toHaveLength(10);

    const all = await t.stripe.products.list({ limit: 7 }).autoPagingToArray({ limit: 1000 });
    expect(mine(all.map((p) => p.id))).toEqual(newestFirst);
  });

  it('pages through 250 customers with limit=100 and starting_after, then with auto-paging', async () => {
    const made: string[] = [];
    for (let i = 0; i < 250; i++) made.push((await t.stripe.customers.create({ email: `page${i}@x.io` })).id);
    const newestFirst = [...made].reverse();
    const seen: string[] = [];
    const hasMore: boolean[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await t.stripe.customers.list({ limit: 100, ...(cursor ? { starting_after: cursor } : {}) });
      seen.push(...page.data.map((c) => c.id));
      hasMore.push(page.has_more);
      if (!page.has_more) break;
      cursor = page.data[page.data.length - 1].id;
    }
    expect(seen.filter((id) => made.includes(id))).toEqual(newestFirst);
    expect(new Set(seen).size).toBe(seen.length);
    expect(hasMore.slice(-1)).toEqual([false]);
    expect(hasMore.length).toBeGreaterThanOrEqual(3);
    const auto = await t.stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    expect(auto.map((c) => c.id)).toEqual(seen);
  });

  it('rejects an unknown cursor', async () => {
    const err = await t.stripe.products.list({ starting_after: 'prod_gone' }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.code).toBe('resource_missing');
    expect(err.param).toBe('starting_after');
  });
});

describe('expand', () => {
  it('expands ids and list items, and refuses what cannot be expanded', async () => {
    const price = await t.stripe.prices.create({
      currency: 'eur',
      unit_amount: 900,
      recurring: { interval: 'year' },
      product_data: { name: 'Annual' },
      expand: ['product'],
    });
    expect(typeof price.product).toBe('object');
    expect((price.product as Stripe.Product).name).toBe('Annual');

    const listed = await t.stripe.prices.list({ limit: 1, expand: ['data.product'] });
    expect((listed.data[0].product as Stripe.Product).object).toBe('product');

    const err = await t.stripe.prices.retrieve(price.id, { expand: ['currency'] }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.message).toBe('This property cannot be expanded (currency).');
  });

  // Subscription.discounts: "Use `expand[]=discounts` to expand each discount" (Stripe's API
  // reference, the subscription object, as stripe-node's types carry it).
  it('expands each id of an array of ids, and refuses an array of plain strings', async () => {
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Expand' } });
    const customer = await t.stripe.customers.create({ email: 'expand@x.io', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const coupon = await t.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    expect(typeof sub.discounts[0]).toBe('string');
    const expanded = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['discounts'] });
    expect(expanded.discounts).toEqual([
      expect.objectContaining({ id: sub.discounts[0], object: 'discount', source: expect.objectContaining({ coupon: coupon.id }) }),
    ]);

    const endpoint = await t.stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['invoice.paid'] });
    const err = await t.stripe.webhookEndpoints.retrieve(endpoint.id, { expand: ['enabled_events'] }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.message).toBe('This property cannot be expanded (enabled_events).');
  });
});
