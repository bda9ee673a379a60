import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { EventOrigin } from '../events/bus';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { invalidParam, noSuchResource } from '../http/errors';
import { paginate, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { newId, randomToken } from '../ids';
import { previousAttributes } from '../diff';
import { searchCustomers } from './customer-search';

export interface CustomerInput {
  email?: string | null;
  name?: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Record<string, string> | null;
}

export function createCustomer(rt: Runtime, input: CustomerInput, origin: EventOrigin): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: rt.clock.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: randomToken(8).toUpperCase().replace(/[^A-Z0-9]/g, 'X'),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  rt.store.customers.insert(customer);
  rt.bus.publish({ type: 'customer.created', data: { object: customer } }, origin);
  return customer;
}

/** Replaces the stored customer and announces exactly the fields that changed. */
export function updateCustomer(
  rt: Runtime,
  current: Stripe.Customer,
  next: Stripe.Customer,
  origin: EventOrigin,
): Stripe.Customer {
  const previous = previousAttributes(current, next);
  rt.store.customers.replace(next);
  if (previous) rt.bus.publish({ type: 'customer.updated', data: { object: next, previous_attributes: previous } }, origin);
  return next;
}

export function requireCustomer(rt: Runtime, id: string, param = 'id'): Stripe.Customer {
  const customer = rt.store.customers.get(id);
  if (!customer) throw noSuchResource('customer', id, param);
  return customer;
}

function readInput(p: Params): CustomerInput {
  const email = p.nullableString('email');
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidParam('email', 'Invalid email address: ' + email);
  return {
    email,
    name: p.nullableString('name'),
    description: p.nullableString('description'),
    phone: p.nullableString('phone'),
    metadata: p.metadata(),
  };
}

export function customerRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const input = readInput(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, createCustomer(rt, input, originOf(c)), expand);
  });

  app.get('/search', (c) => {
    const p = paramsOf(c);
    return c.json(searchCustomers(rt.store, p));
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const email = p.string('email');
    const created = readCreatedFilter(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const items = rt.store.customers.newestFirst(
      (cu) => (email === undefined || cu.email === email) && (!created || created(cu.created)),
    );
    return sendList(c, rt.store, paginate(items, page, '/v1/customers', 'customer'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const id = c.req.param('id');
    if (rt.store.deletedCustomers.has(id)) return c.json({ id, object: 'customer', deleted: true });
    return sendObject(c, rt.store, requireCustomer(rt, id), expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requireCustomer(rt, c.req.param('id'));
    const input = readInput(p);
    const settings = p.object('invoice_settings');
    const defaultPm = settings?.nullableString('default_payment_method');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (defaultPm && rt.store.paymentMethods.get(defaultPm)?.customer !== current.id) {
      throw invalidParam('invoice_settings[default_payment_method]', `No such PaymentMethod: '${defaultPm}'`);
    }
    const next: Stripe.Customer = {
      ...current,
      email: input.email === undefined ? current.email : input.email,
      name: input.name === undefined ? current.name : input.name,
      description: input.description === undefined ? current.description : input.description,
      phone: input.phone === undefined ? current.phone : input.phone,
      metadata: mergeMetadata(current.metadata, input.metadata),
      invoice_settings:
        defaultPm === undefined ? current.invoice_settings : { ...current.invoice_settings, default_payment_method: defaultPm },
    };
    return sendObject(c, rt.store, updateCustomer(rt, current, next, originOf(c)), expand);
  });

  app.delete('/:id', (c) => {
    const customer = requireCustomer(rt, c.req.param('id'));
    paramsOf(c).done();
    rt.store.customers.remove(customer.id);
    rt.store.deletedCustomers.add(customer.id);
    rt.bus.publish({ type: 'customer.deleted', data: { object: customer } }, originOf(c));
    const deleted: Stripe.DeletedCustomer = { id: customer.id, object: 'customer', deleted: true };
    return c.json(deleted);
  });

  return app;
}
