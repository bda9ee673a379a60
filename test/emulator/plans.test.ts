import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { startOpsEmulator } from '../helpers/ops';

let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  ({ emulator, stripe } = await startOpsEmulator());
});
afterAll(async () => {
  await emulator.close();
});

async function invalid(p: Promise<unknown>): Promise<Stripe.errors.StripeInvalidRequestError> {
  const err = await p.catch((e: unknown) => e);
  if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw new Error(`expected an invalid request error, got ${String(err)}`);
  return err;
}

describe('legacy plans', () => {
  it('creates a plan with an inline product and a chosen id, seen as a price of the same id', async () => {
    const plan = await stripe.plans.create({
      id: 'gold-monthly',
      amount: 2500,
      currency: 'EUR',
      interval: 'month',
      interval_count: 3,
      product: { name: 'Gold' },
      nickname: 'Gold quarterly',
      metadata: { tier: 'gold' },
    });
    expect(plan).toMatchObject({
      id: 'gold-monthly',
      object: 'plan',
      amount: 2500,
      currency: 'eur',
      interval: 'month',
      interval_count: 3,
      nickname: 'Gold quarterly',
      metadata: { tier: 'gold' },
      active: true,
      usage_type: 'licensed',
      billing_scheme: 'per_unit',
    });
    expect(String(plan.amount_decimal)).toBe('2500');
    expect(typeof plan.product).toBe('string');
    const product = await stripe.products.retrieve(String(plan.product));
    expect(product.name).toBe('Gold');

    const price = await stripe.prices.retrieve('gold-monthly');
    expect(price).toMatchObject({
      id: 'gold-monthly',
      object: 'price',
      unit_amount: 2500,
      currency: 'eur',
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 3 },
      product: plan.product,
    });
    const types = (await stripe.events.list({ limit: 5 })).data.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['price.created', 'plan.created', 'product.created']);
  });

  it('generates a price_ id and takes an existing product id', async () => {
    const product = await stripe.products.create({ name: 'Silver' });
    const plan = await stripe.plans.create({ amount: 900, currency: 'usd', interval: 'year', product: product.id });
    expect(plan.id).toMatch(/^price_/);
    expect(plan.product).toBe(product.id);
    expect(plan.interval_count).toBe(1);
    const expanded = await stripe.plans.retrieve(plan.id, { expand: ['product'] });
    expect((expanded.product as Stripe.Product).name).toBe('Silver');
  });

  it('shows recurring prices as plans, and keeps plan and price updates in sync', async () => {
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1200, recurring: { interval: 'week' }, product_data: { name: 'Weekly' } });
    const asPlan = await stripe.plans.retrieve(price.id);
    expect([asPlan.amount, asPlan.interval]).toEqual([1200, 'week']);

    const updated = await stripe.plans.update(price.id, { nickname: 'Weekly plan', metadata: { a: '1' }, trial_period_days: 14 });
    expect(updated).toMatchObject({ nickname: 'Weekly plan', metadata: { a: '1' }, trial_period_days: 14 });
    const reread = await stripe.prices.retrieve(price.id);
    expect(reread.nickname).toBe('Weekly plan');
    expect(reread.recurring?.trial_period_days).toBe(14);
    await stripe.prices.update(price.id, { active: false });
    expect((await stripe.plans.retrieve(price.id)).active).toBe(false);
    const [event] = (await stripe.events.list({ type: 'plan.updated', limit: 1 })).data;
    expect(event.data.previous_attributes).toEqual({ metadata: {}, nickname: null, trial_period_days: null });
  });

  it('lists plans (recurring prices only) with filters and pagination', async () => {
    await stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'One-off' } });
    const all = await stripe.plans.list({ limit: 100 });
    expect(all.data.every((p) => p.object === 'plan')).toBe(true);
    expect(all.data.map((p) => p.id)).toContain('gold-monthly');
    expect(all.data).toHaveLength(3);
    const page = await stripe.plans.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    const rest = await stripe.plans.list({ limit: 2, starting_after: page.data[1].id });
    expect([...page.data, ...rest.data].map((p) => p.id)).toEqual(all.data.map((p) => p.id));
    expect((await stripe.plans.list({ active: false })).data).toHaveLength(1);
    const gold = await stripe.plans.retrieve('gold-monthly');
    expect((await stripe.plans.list({ product: String(gold.product) })).data.map((p) => p.id)).toEqual(['gold-monthly']);
  });

  it('deletes a plan; its price stays for the subscriptions that use it', async () => {
    const plan = await stripe.plans.create({ id: 'doomed', amount: 500, currency: 'usd', interval: 'month', product: { name: 'Doomed' } });
    const deleted = await stripe.plans.del(plan.id);
    expect(deleted).toEqual({ id: 'doomed', object: 'plan', deleted: true });
    const gone = await invalid(stripe.plans.retrieve('doomed'));
    expect([gone.statusCode, gone.message]).toEqual([404, "No such plan: 'doomed'"]);
    expect((await stripe.prices.retrieve('doomed')).unit_amount).toBe(500);
    expect((await stripe.plans.list({ limit: 100 })).data.map((p) => p.id)).not.toContain('doomed');
    expect((await stripe.events.list({ type: 'plan.deleted' })).data).toHaveLength(1);
  });

  it('validates like Stripe', async () => {
    const taken = await invalid(stripe.plans.create({ id: 'gold-monthly', amount: 1, currency: 'usd', interval: 'month', product: { name: 'X' } }));
    expect([taken.param, taken.code]).toEqual(['id', 'resource_already_exists']);
    const noAmount = await invalid(stripe.plans.create({ currency: 'usd', interval: 'month', product: { name: 'X' } }));
    expect(noAmount.param).toBe('amount');
    const badInterval = await invalid(stripe.plans.create({ amount: 1, currency: 'usd', interval: 'month', interval_count: 40, product: { name: 'X' } }));
    expect(badInterval.param).toBe('interval_count');
    const noProduct = await invalid(stripe.plans.create({ amount: 1, currency: 'usd', interval: 'month', product: 'prod_missing' }));
    expect([noProduct.param, noProduct.statusCode]).toEqual(['product', 404]);
    const noName = await invalid(
      stripe.plans.create({ amount: 1, currency: 'usd', interval: 'day', product: { id: 'prod_x' } as Stripe.PlanCreateParams.Product }),
    );
    expect(noName.param).toBe('product[name]');
    const unknown = await invalid(stripe.plans.update('gold-monthly', { amount: 5 } as Stripe.PlanUpdateParams));
    expect(unknown.param).toBe('amount');
    // Nothing half-made: no product was created by the failed requests.
    expect((await stripe.products.list({ limit: 100 })).data.map((p) => p.name)).not.toContain('X');
  });

  // Subscription items name a legacy plan with `items[][plan]` (SubscriptionCreateParams.Item.plan).
  it('subscribes to a plan through items[][plan], once per item', async () => {
    const plan = await stripe.plans.create({ amount: 1200, currency: 'usd', interval: 'month', product: { name: 'Plan item' } });
    const customer = await stripe.customers.create({ source: 'tok_visa' });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ plan: plan.id }] });
    expect(sub.items.data[0].price.id).toBe(plan.id);
    expect(sub.items.data[0].plan.id).toBe(plan.id);
    const both = await invalid(stripe.subscriptions.create({ customer: customer.id, items: [{ plan: plan.id, price: plan.id }] }));
    expect(both.param).toBe('items[0][plan]');
  });
});
