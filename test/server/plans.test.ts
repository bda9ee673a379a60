import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Plan, Price, Subscription } from '../../server/db/models';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { jsonRequest } from '../helpers/api';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const send = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

const newPlan = { name: 'Gold Quarterly', tier: 'gold', amount: 5400, currency: 'USD', interval: 'month', intervalCount: 3, trialDays: 7 };

describe('plan catalog synced to Stripe', () => {
  it('creates a plan with its Stripe product and price', async () => {
    const res = await send('POST', '/api/plans', newPlan);
    expect(res.status).toBe(201);
    const plan = await res.json();
    expect(plan).toMatchObject({ name: 'Gold Quarterly', currency: 'usd', intervalCount: 3, active: true });
    const price = await recur.stripe.prices.retrieve(plan.stripePriceId);
    expect(price).toMatchObject({ unit_amount: 5400, currency: 'usd', product: plan.stripeProductId, active: true });
    expect(price.recurring).toMatchObject({ interval: 'month', interval_count: 3 });
    expect(await AuditLog.count({ where: { action: 'plan.create', entityId: String(plan.id) } })).toBe(1);
  });

  it('renames through the product and keeps the price', async () => {
    const plan = (await Plan.findOne({ where: { name: 'Gold Quarterly' } }))!;
    const res = await send('PUT', `/api/plans/${plan.id}`, { ...plan.toJSON(), name: 'Gold Quarter' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Gold Quarter', stripePriceId: plan.stripePriceId });
    expect((await recur.stripe.products.retrieve(plan.stripeProductId!)).name).toBe('Gold Quarter');
  });

  it('creates a new price and archives the old one when the amount changes', async () => {
    const plan = (await Plan.findOne({ where: { name: 'Gold Quarter' } }))!;
    const res = await send('PUT', `/api/plans/${plan.id}`, { amount: 5700 });
    const updated = await res.json();
    expect(updated.stripePriceId).not.toBe(plan.stripePriceId);
    expect((await recur.stripe.prices.retrieve(plan.stripePriceId!)).active).toBe(false);
    expect((await recur.stripe.prices.retrieve(updated.stripePriceId)).unit_amount).toBe(5700);
    const history = await Price.findAll({ where: { planId: plan.id }, order: [['id', 'ASC']] });
    expect(history.map((p) => [p.amount, p.active])).toEqual([
      [5400, false],
      [5700, true],
    ]);
  });

  it('archives on DELETE, and the archived plan leaves the signup form', async () => {
    const plan = (await Plan.findOne({ where: { name: 'Gold Quarter' } }))!;
    const res = await send('DELETE', `/api/plans/${plan.id}`);
    expect(await res.json()).toMatchObject({ id: plan.id, active: false });
    expect((await recur.stripe.products.retrieve(plan.stripeProductId!)).active).toBe(false);
    const form = await (await recur.app.request('/signup')).text();
    expect(form).not.toContain(`value="${plan.id}"`);
  });

  it.each([
    ['a missing name', { ...newPlan, name: undefined }, 'name'],
    ['a fractional amount', { ...newPlan, amount: 12.5 }, 'amount'],
    ['a negative amount', { ...newPlan, amount: -1 }, 'amount'],
    ['an unknown tier', { ...newPlan, tier: 'diamond' }, 'tier'],
    ['an unknown interval', { ...newPlan, interval: 'fortnight' }, 'interval'],
    ['an interval over three years', { ...newPlan, interval: 'year', intervalCount: 4 }, 'intervalCount'],
    ['a bad currency', { ...newPlan, currency: 'dollars' }, 'currency'],
    ['malformed JSON', '{"name":', 'JSON'],
  ])('refuses %s with 400 naming the field, and creates nothing', async (_what, body, field) => {
    const plans = await Plan.count();
    const stripeProducts = (await recur.stripe.products.list({ limit: 100 })).data.length;
    const res = await send('POST', '/api/plans', body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(JSON.stringify(json)).toContain(field);
    expect(await Plan.count()).toBe(plans);
    expect((await recur.stripe.products.list({ limit: 100 })).data.length).toBe(stripeProducts);
  });

  it('answers 404 for a missing plan and 400 for a bad id', async () => {
    expect((await send('PUT', '/api/plans/99999', { name: 'x' })).status).toBe(404);
    expect((await send('PUT', '/api/plans/x1', { name: 'x' })).status).toBe(400);
  });
});

describe('a price change and existing subscribers', () => {
  it('keeps subscribers on their price until an admin migrates them', async () => {
    await signUp(recur, 'Silver Monthly', 'loyal@example.com');
    await settle(recur);
    const plan = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
    const customer = (await Customer.findOne({ where: { email: 'loyal@example.com' } }))!;
    expect((await Subscription.findOne({ where: { customerId: customer.id } }))!.unitAmount).toBe(900);

    await send('PUT', `/api/plans/${plan.id}`, { amount: 1100 });
    await settle(recur);
    const kept = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
    expect(kept).toMatchObject({ unitAmount: 900, planId: plan.id });
    expect((await Customer.findByPk(customer.id))!.monthlyTotal).toBe(900);

    const res = await send('POST', `/api/plans/${plan.id}/migrate-subscribers`);
    expect(await res.json()).toEqual({ migrated: 1 });
    await settle(recur);
    const moved = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
    expect(moved).toMatchObject({ unitAmount: 1100, planId: plan.id });
    expect((await Customer.findByPk(customer.id))!.monthlyTotal).toBe(1100);
  });
});
