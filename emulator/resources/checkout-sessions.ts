import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv, Ctx } from '../http/env';
import type { Runtime } from '../runtime';
import { originOf, paramsOf } from '../http/env';
import { paginate, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { readSessionInput } from '../checkout/session-params';
import { buildSession } from '../checkout/session-object';
import { currentSession, expireSession } from '../checkout/lifecycle';
import { idOf } from '../refs';

function baseUrl(rt: Runtime, c: Ctx): string {
  return rt.publicUrl ?? new URL(c.req.url).origin;
}

export function checkoutSessionRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const input = readSessionInput(rt, p, rt.clock.now());
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const { session, lineItems } = buildSession(rt, input, baseUrl(rt, c));
    rt.store.checkoutSessions.insert(session);
    rt.store.checkoutLineItems.set(session.id, lineItems);
    if (input.setupIntentData) rt.store.checkoutSetupData.set(session.id, input.setupIntentData);
    else if (input.paymentIntentData) rt.store.billing.checkoutPaymentData.set(session.id, input.paymentIntentData);
    else rt.store.checkoutSubscriptionData.set(session.id, input.subscriptionData);
    const ref = input.coupons[0];
    if (ref) rt.store.billing.checkoutDiscounts.set(session.id, { coupon: ref.coupon.id, promotionCode: ref.promotionCode?.id ?? null });
    return sendObject(c, rt.store, session, expand);
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const customer = p.string('customer');
    const subscription = p.string('subscription');
    const status = p.oneOf('status', ['open', 'complete', 'expired']);
    const created = readCreatedFilter(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const items = rt.store.checkoutSessions
      .newestFirst()
      .map((s) => currentSession(rt, s.id))
      .filter(
        (s: Stripe.Checkout.Session) =>
          (customer === undefined || idOf(s.customer) === customer) &&
          (subscription === undefined || idOf(s.subscription) === subscription) &&
          (status === undefined || s.status === status) &&
          (!created || created(s.created)),
      );
    return sendList(c, rt.store, paginate(items, page, '/v1/checkout/sessions', 'checkout.session'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, currentSession(rt, c.req.param('id'), 'id'), expand);
  });

  app.get('/:id/line_items', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const session = currentSession(rt, c.req.param('id'), 'id');
    const items = rt.store.checkoutLineItems.get(session.id) ?? [];
    const url = `/v1/checkout/sessions/${session.id}/line_items`;
    return sendList(c, rt.store, paginate(items, page, url, 'line item'), expand);
  });

  app.post('/:id/expire', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const session = currentSession(rt, c.req.param('id'), 'id');
    return sendObject(c, rt.store, expireSession(rt, session, originOf(c)), expand);
  });

  return app;
}
