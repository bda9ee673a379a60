import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { ItemChange } from '../billing/subscriptions/plan-change';
import type { EventOrigin } from '../events/bus';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, missingParam, noSuchResource } from '../http/errors';
import { paginate, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { idOf } from '../refs';
import { requireSubscription } from './subscriptions';
import { checkSameCycle, checkSubscriptionCurrency, readUpdatePaymentBehavior, readProrationBehavior, recurringPrice } from './subscription-params';
import { withCustomerTime } from '../billing/customers/customer-time';
import { updateSubscription } from '../billing/subscriptions/update-subscription';

/** Items live inside their subscription; finding one by id means finding its subscription. */
function findItem(rt: Runtime, id: string): { sub: Stripe.Subscription; item: Stripe.SubscriptionItem } {
  for (const sub of rt.store.subscriptions.newestFirst()) {
    const item = sub.items.data.find((i) => i.id === id);
    if (item) return { sub, item };
  }
  throw noSuchResource('subscription_item', id, 'item');
}

function assertChangeable(sub: Stripe.Subscription): void {
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw badRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
}

interface ChangeOptions {
  prorationBehavior: ReturnType<typeof readProrationBehavior>;
  prorationDate: number | null;
  paymentBehavior: ReturnType<typeof readUpdatePaymentBehavior>;
  offSession: boolean;
}

function readChangeOptions(p: Params): ChangeOptions {
  const options = {
    prorationBehavior: readProrationBehavior(p),
    prorationDate: p.integer('proration_date') ?? null,
    paymentBehavior: readUpdatePaymentBehavior(p),
    offSession: p.boolean('off_session') ?? false,
  };
  p.boolean('clear_usage');
  return options;
}

/**
 * Applies one item change through the same path as subscriptions.update, so prorations,
 * always_invoice and customer.subscription.updated behave exactly as they do there.
 */
function change(rt: Runtime, origin: EventOrigin, sub: Stripe.Subscription, item: ItemChange, o: ChangeOptions): Stripe.Subscription {
  const plan = { items: [item], prorationBehavior: o.prorationBehavior, prorationDate: o.prorationDate };
  return withCustomerTime(rt, idOf(sub.customer), () =>
    updateSubscription(rt, sub, { plan, paymentBehavior: o.paymentBehavior, offSession: o.offSession }, origin),
  );
}

/** /v1/subscription_items: list by subscription, retrieve, create, update and delete single items. */
export function subscriptionItemRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.get('/', (c) => {
    const p = paramsOf(c);
    const subId = p.string('subscription');
    if (!subId) throw missingParam('subscription');
    const page = readPageRequest(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const sub = requireSubscription(rt, subId, 'subscription');
    return sendList(c, rt.store, paginate(sub.items.data, page, '/v1/subscription_items', 'subscription_item'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, findItem(rt, c.req.param('id')).item, expand);
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const sub = requireSubscription(rt, p.requiredString('subscription'), 'subscription');
    const priceId = p.string('price') ?? p.string('plan');
    if (!priceId) throw missingParam('price');
    const price = recurringPrice(rt, priceId, 'price');
    const quantity = p.integer('quantity', { min: 0 }) ?? 1;
    const metadata = p.metadata() ?? {};
    const options = readChangeOptions(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const before = new Set(sub.items.data.map((i) => i.id));
    assertChangeable(sub);
    if (sub.items.data.some((i) => i.price.id === price.id)) {
      throw badRequest(`Cannot add multiple subscription items with the same plan: ${price.id}`, 'price');
    }
    checkSubscriptionCurrency(sub, [{ param: 'price', price }]);
    checkSameCycle([...sub.items.data, { price }]);
    const next = change(rt, originOf(c), sub, { price, quantity, metadata }, options);
    const added = next.items.data.find((i) => !before.has(i.id));
    if (!added) throw new Error(`subscription ${sub.id} gained no item`);
    return sendObject(c, rt.store, added, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const { sub, item } = findItem(rt, c.req.param('id'));
    const priceId = p.string('price') ?? p.string('plan');
    const price = priceId ? recurringPrice(rt, priceId, 'price') : undefined;
    const quantity = p.integer('quantity', { min: 0 });
    const metadata = p.metadata();
    const options = readChangeOptions(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    assertChangeable(sub);
    checkSubscriptionCurrency(sub, [{ param: 'price', price }]);
    if (price) checkSameCycle([...sub.items.data.filter((i) => i.id !== item.id), { price }]);
    const merged = metadata === undefined ? undefined : mergeMetadata(item.metadata, metadata);
    const next = change(rt, originOf(c), sub, { id: item.id, price, quantity, metadata: merged }, options);
    const updated = next.items.data.find((i) => i.id === item.id);
    if (!updated) throw new Error(`item ${item.id} vanished from ${sub.id}`);
    return sendObject(c, rt.store, updated, expand);
  });

  app.delete('/:id', (c) => {
    const p = paramsOf(c);
    const { sub, item } = findItem(rt, c.req.param('id'));
    const options = readChangeOptions(p);
    p.done();
    assertChangeable(sub);
    if (sub.items.data.length === 1) {
      throw badRequest('A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions.');
    }
    change(rt, originOf(c), sub, { id: item.id, deleted: true }, options);
    const deleted: Stripe.DeletedSubscriptionItem = { id: item.id, object: 'subscription_item', deleted: true };
    return c.json(deleted);
  });

  return app;
}
