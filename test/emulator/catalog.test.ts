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

describe('products', () => {
  it('creates, updates and lists products with an active filter', async () => {
    const p = await t.stripe.products.create({ name: 'Starter', description: 'Small plan', metadata: { tier: '1' } });
    expect(p).toMatchObject({ object: 'product', name: 'Starter', active: true, description: 'Small plan', type: 'service' });
    const archived = await t.stripe.products.update(p.id, { active: false, name: 'Starter (old)' });
    expect(archived.active).toBe(false);
    expect(archived.name).toBe('Starter (old)');
    const active = await t.stripe.products.list({ active: true, limit: 100 });
    expect(active.data.map((x) => x.id)).not.toContain(p.id);
    const inactive = await t.stripe.products.list({ active: false });
    expect(inactive.data.map((x) => x.id)).toContain(p.id);
  });

  // "Deleting a product is only possible if it has no prices associated with it" (API reference).
  it('deletes a product without prices, and refuses one that has them', async () => {
    const bare = await t.stripe.products.create({ name: 'Scratch' });
    expect(await t.stripe.products.del(bare.id)).toEqual({ id: bare.id, object: 'product', deleted: true });
    const gone = await t.stripe.products.retrieve(bare.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const [event] = (await t.stripe.events.list({ type: 'product.deleted', limit: 1 })).data;
    expect(event.data.object).toMatchObject({ id: bare.id, name: 'Scratch' });
    const priced = await t.stripe.products.create({ name: 'Priced' });
    await t.stripe.prices.create({ product: priced.id, currency: 'usd', unit_amount: 500 });
    const refused = await t.stripe.products.del(priced.id).catch((e: unknown) => e);
    if (!(refused instanceof Stripe.errors.StripeInvalidRequestError)) throw new Error('expected a refusal');
    expect(refused.message).toBe('This product cannot be deleted because it has one or more user-created prices.');
  });
});

describe('prices', () => {
  it('creates a recurring price on an existing product', async () => {
    const product = await t.stripe.products.create({ name: 'Team' });
    const price = await t.stripe.prices.create({
      product: product.id,
      currency: 'USD',
      unit_amount: 4900,
      recurring: { interval: 'month', interval_count: 3 },
      lookup_key: 'team_quarterly',
      nickname: 'Team quarterly',
      metadata: { plan: 'team' },
    });
    expect(price).toMatchObject({
      object: 'price',
      product: product.id,
      currency: 'usd',
      unit_amount: 4900,
      type: 'recurring',
      billing_scheme: 'per_unit',
      lookup_key: 'team_quarterly',
      nickname: 'Team quarterly',
      recurring: { interval: 'month', interval_count: 3, usage_type: 'licensed' },
      metadata: { plan: 'team' },
    });
    expect(price.unit_amount_decimal?.toString()).toBe('4900');
  });

  it('creates the product inline with product_data, for every interval', async () => {
    for (const interval of ['day', 'week', 'month', 'year'] as const) {
      const price = await t.stripe.prices.create({
        currency: 'usd',
        unit_amount: 100,
        recurring: { interval },
        product_data: { name: `Every ${interval}` },
      });
      expect(price.recurring?.interval).toBe(interval);
      const product = await t.stripe.products.retrieve(String(price.product));
      expect(product.name).toBe(`Every ${interval}`);
    }
  });

  it('rejects an unknown interval and a billing interval over three years', async () => {
    const bad = await t.stripe.prices
      .create({ currency: 'usd', unit_amount: 1, recurring: { interval: 'month', interval_count: 37 }, product_data: { name: 'x' } })
      .catch((e: unknown) => e);
    if (!(bad instanceof Stripe.errors.StripeInvalidRequestError)) throw bad;
    expect(bad.param).toBe('recurring[interval_count]');
  });

  it('keeps a lookup key unique unless it is transferred', async () => {
    const a = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1000, lookup_key: 'pro', product_data: { name: 'Pro' } });
    const clash = await t.stripe.prices
      .create({ currency: 'usd', unit_amount: 1200, lookup_key: 'pro', product_data: { name: 'Pro' } })
      .catch((e: unknown) => e);
    if (!(clash instanceof Stripe.errors.StripeInvalidRequestError)) throw clash;
    expect(clash.param).toBe('lookup_key');
    const b = await t.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1200,
      lookup_key: 'pro',
      transfer_lookup_key: true,
      product_data: { name: 'Pro' },
    });
    expect((await t.stripe.prices.retrieve(a.id)).lookup_key).toBeNull();
    const byKey = await t.stripe.prices.list({ lookup_keys: ['pro'] });
    expect(byKey.data.map((p) => p.id)).toEqual([b.id]);
  });

  it('updates active, nickname, lookup_key and metadata, and filters by product and active', async () => {
    const product = await t.stripe.products.create({ name: 'Filter me' });
    const keep = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 10, recurring: { interval: 'week' } });
    const drop = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 20, recurring: { interval: 'week' } });
    const updated = await t.stripe.prices.update(drop.id, {
      active: false,
      nickname: 'legacy',
      lookup_key: 'legacy_weekly',
      metadata: { reason: 'replaced' },
    });
    expect(updated).toMatchObject({ active: false, nickname: 'legacy', lookup_key: 'legacy_weekly', metadata: { reason: 'replaced' } });
    const forProduct = await t.stripe.prices.list({ product: product.id });
    expect(forProduct.data.map((p) => p.id)).toEqual([drop.id, keep.id]);
    const activeOnly = await t.stripe.prices.list({ product: product.id, active: true });
    expect(activeOnly.data.map((p) => p.id)).toEqual([keep.id]);
    const events = await t.stripe.events.list({ type: 'price.updated', limit: 1 });
    expect(events.data[0].data.previous_attributes).toMatchObject({ active: true, nickname: null, lookup_key: null });
  });

  it('requires a product', async () => {
    const err = await t.stripe.prices.create({ currency: 'usd', unit_amount: 5 }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.code).toBe('parameter_missing');
    expect(err.param).toBe('product');
  });
});
