import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { paginate, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { requireCustomer } from './customers';
import { updateCustomer } from '../billing/customers/customers';
import { addCustomerSource, removeCustomerSource, requireSource, sourcesOf } from '../billing/payments/sources';
import { withCustomerTime } from '../billing/customers/customer-time';

/**
 * /v1/customers/:id/sources: the legacy card sources Stripe still accepts (`tok_visa`, …), listed,
 * updated and deleted; the first one becomes the customer's `default_source`.
 */
export function customerSourceRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/:id/sources', (c) => {
    const p = paramsOf(c);
    const customer = requireCustomer(rt, c.req.param('id'), 'customer');
    const token = p.requiredString('source');
    const metadata = p.metadata();
    p.boolean('validate');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    const card = withCustomerTime(rt, customer, () => {
      const added = addCustomerSource(rt, customer, token, origin).card;
      const stored = metadata ? { ...added, metadata } : added;
      rt.store.cards.set(stored.id, stored);
      const latest = rt.store.customers.get(customer.id) ?? customer;
      if (latest.default_source === null) updateCustomer(rt, latest, { ...latest, default_source: stored.id }, origin);
      return stored;
    });
    return sendObject(c, rt.store, card, expand);
  });

  app.get('/:id/sources', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    p.oneOf('object', ['card', 'bank_account', 'source']);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const customer = requireCustomer(rt, c.req.param('id'), 'customer');
    return sendList(c, rt.store, paginate(sourcesOf(rt, customer.id), page, `/v1/customers/${customer.id}/sources`, 'source'), expand);
  });

  app.get('/:id/sources/:source', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const customer = requireCustomer(rt, c.req.param('id'), 'customer');
    return sendObject(c, rt.store, requireSource(rt, customer.id, c.req.param('source')), expand);
  });

  app.post('/:id/sources/:source', (c) => {
    const p = paramsOf(c);
    const customer = requireCustomer(rt, c.req.param('id'), 'customer');
    const card = requireSource(rt, customer.id, c.req.param('source'));
    const expMonth = p.integer('exp_month', { min: 1, max: 12 });
    const expYear = p.integer('exp_year', { min: 2000, max: 2100 });
    const name = p.nullableString('name');
    const metadata = p.metadata();
    for (const key of ['address_city', 'address_country', 'address_line1', 'address_line2', 'address_state', 'address_zip']) p.nullableString(key);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const next: Stripe.Card = {
      ...card,
      exp_month: expMonth ?? card.exp_month,
      exp_year: expYear ?? card.exp_year,
      name: name === undefined ? card.name : name,
      metadata: mergeMetadata(card.metadata ?? {}, metadata),
    };
    rt.store.cards.set(next.id, next);
    const previous: Partial<Stripe.Card> = {};
    if (next.exp_month !== card.exp_month) previous.exp_month = card.exp_month;
    if (next.exp_year !== card.exp_year) previous.exp_year = card.exp_year;
    if (next.name !== card.name) previous.name = card.name;
    rt.bus.publish({ type: 'customer.source.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  app.delete('/:id/sources/:source', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const customer = requireCustomer(rt, c.req.param('id'), 'customer');
    const card = requireSource(rt, customer.id, c.req.param('source'));
    const origin = originOf(c);
    const deleted = removeCustomerSource(rt, card, origin);
    // The next source (newest first) takes over as the default, as Stripe does.
    if (customer.default_source === card.id) {
      const next = sourcesOf(rt, customer.id)[0]?.id ?? null;
      updateCustomer(rt, customer, { ...customer, default_source: next }, origin);
    }
    return sendObject(c, rt.store, deleted, expand);
  });

  return app;
}
