import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { noSuchResource } from '../http/errors';
import { paginate, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { previousAttributes } from '../diff';
import { planFromPrice } from '../billing/subscriptions/plan';
import { priceForPlan, readPlanInput } from './plan-params';
import { requireProduct } from './products';

/**
 * The legacy Plans API. A plan is a recurring price seen in its older shape: both live in
 * store.prices under one id, so `prices.retrieve(planId)` and `plans.retrieve(priceId)` both work
 * and an update through either is seen through the other.
 */
function isPlan(rt: Runtime, price: Stripe.Price): boolean {
  return price.recurring !== null && !rt.store.deletedPlans.has(price.id);
}

function requirePlanPrice(rt: Runtime, id: string): Stripe.Price {
  const price = rt.store.prices.get(id);
  if (!price || !isPlan(rt, price)) throw noSuchResource('plan', id);
  return price;
}

export function planRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const input = readPlanInput(rt, p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    const price = rt.store.prices.insert(priceForPlan(rt, input, origin));
    const plan = planFromPrice(price);
    rt.bus.publish({ type: 'plan.created', data: { object: plan } }, origin);
    rt.bus.publish({ type: 'price.created', data: { object: price } }, origin);
    return sendObject(c, rt.store, plan, expand);
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const active = p.boolean('active');
    const product = p.string('product');
    const created = readCreatedFilter(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const plans = rt.store.prices
      .newestFirst(
        (pr) =>
          isPlan(rt, pr) &&
          (active === undefined || pr.active === active) &&
          (product === undefined || pr.product === product) &&
          (!created || created(pr.created)),
      )
      .map(planFromPrice);
    return sendList(c, rt.store, paginate(plans, page, '/v1/plans', 'plan'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, planFromPrice(requirePlanPrice(rt, c.req.param('id'))), expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requirePlanPrice(rt, c.req.param('id'));
    const active = p.boolean('active');
    const nickname = p.nullableString('nickname');
    const metadata = p.metadata();
    const productId = p.string('product');
    const trialDays = p.integer('trial_period_days', { min: 0, max: 730 });
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const recurring = current.recurring;
    const next: Stripe.Price = {
      ...current,
      active: active ?? current.active,
      nickname: nickname === undefined ? current.nickname : nickname,
      metadata: mergeMetadata(current.metadata, metadata),
      product: productId === undefined ? current.product : requireProduct(rt, productId, 'product').id,
      recurring: recurring && { ...recurring, trial_period_days: trialDays ?? recurring.trial_period_days },
    };
    rt.store.prices.replace(next);
    const origin = originOf(c);
    const [before, after] = [planFromPrice(current), planFromPrice(next)];
    const planChanges = previousAttributes(before, after);
    if (planChanges) rt.bus.publish({ type: 'plan.updated', data: { object: after, previous_attributes: planChanges } }, origin);
    const priceChanges = previousAttributes(current, next);
    if (priceChanges) rt.bus.publish({ type: 'price.updated', data: { object: next, previous_attributes: priceChanges } }, origin);
    return sendObject(c, rt.store, after, expand);
  });

  app.delete('/:id', (c) => {
    const p = paramsOf(c);
    p.done();
    const price = requirePlanPrice(rt, c.req.param('id'));
    // Existing subscriptions keep billing on it, as on Stripe; it just stops being a plan.
    rt.store.deletedPlans.add(price.id);
    rt.bus.publish({ type: 'plan.deleted', data: { object: planFromPrice(price) } }, originOf(c));
    const deleted: Stripe.DeletedPlan = { id: price.id, object: 'plan', deleted: true };
    return c.json(deleted);
  });

  return app;
}
