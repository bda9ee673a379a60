import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { EventOrigin } from '../events/bus';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { invalidParam, noSuchResource } from '../http/errors';
import { paginate, paginateCollection, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { createCustomer, updateCustomer, type CustomerInput } from '../billing/customers/customers';
import { searchCustomers } from './customer-search';
import { customerPaymentMethod } from '../billing/payments/payment-method';
import { withCustomerTime } from '../billing/customers/customer-time';
import { deleteCustomer } from '../billing/customers/delete-customer';
import { cardFromToken, createCardSource, removeCustomerSource, requireSource } from '../billing/payments/sources';
import { cardError } from '../billing/payments/cards/errors';
import { idOf } from '../refs';

/** `payment_method` and `invoice_settings[default_payment_method]` on create attach the card (magic ids too). */
function withPaymentMethods(
  rt: Runtime,
  customer: Stripe.Customer,
  paymentMethod: string | undefined,
  defaultPm: string | undefined,
  origin: EventOrigin,
): Stripe.Customer {
  if (paymentMethod) customerPaymentMethod(rt, paymentMethod, customer.id, 'payment_method', origin);
  if (!defaultPm) return customer;
  const pm = customerPaymentMethod(rt, defaultPm, customer.id, 'invoice_settings[default_payment_method]', origin);
  const next = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: pm.id } };
  rt.store.customers.replace(next);
  return next;
}

/** A new card source becomes the default when the customer has none (customer.updated says so). */
function withDefaultSource(rt: Runtime, customer: Stripe.Customer, card: Stripe.Card, origin: EventOrigin): Stripe.Customer {
  rt.bus.publish({ type: 'customer.source.created', data: { object: card } }, origin);
  if (customer.default_source !== null) return customer;
  return updateCustomer(rt, customer, { ...customer, default_source: card.id }, origin);
}

function replaceDefaultSource(rt: Runtime, customer: Stripe.Customer, token: string, origin: EventOrigin): void {
  const details = cardFromToken(rt, token, 'source');
  const previous = customer.default_source ? rt.store.cards.get(idOf(customer.default_source) ?? '') : undefined;
  const card = createCardSource(rt, details, customer.id);
  rt.bus.publish({ type: 'customer.source.created', data: { object: card } }, origin);
  if (previous) removeCustomerSource(rt, previous, origin);
  updateCustomer(rt, customer, { ...customer, default_source: card.id }, origin);
}

export function requireCustomer(rt: Runtime, id: string, param = 'id'): Stripe.Customer {
  const customer = rt.store.customers.get(id);
  if (!customer) throw noSuchResource('customer', id, param);
  return customer;
}

function readInput(p: Params): CustomerInput {
  const email = p.nullableString('email');
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidParam('email', `Invalid email address: ${email}`);
  return {
    email,
    name: p.nullableString('name'),
    description: p.nullableString('description'),
    phone: p.nullableString('phone'),
    metadata: p.metadata(),
    balance: p.integer('balance'),
  };
}

export function customerRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const input = readInput(p);
    const clockId = p.string('test_clock');
    const source = p.string('source');
    const paymentMethod = p.string('payment_method');
    const defaultPm = p.object('invoice_settings')?.string('default_payment_method');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const clock = clockId === undefined ? null : rt.store.testClocks.get(clockId);
    if (clock === undefined) throw noSuchResource('test_clock', clockId ?? '', 'test_clock');
    const origin = originOf(c);
    // A customer on a test clock is created at, and lives on, that clock's time.
    const customer = rt.time.at(clock?.frozen_time ?? null, () => {
      // A declining token refuses the whole request before the customer exists, as Stripe's card check does.
      const details = source === undefined ? null : cardFromToken(rt, source, 'source');
      if (details?.behaviour.attach) throw cardError(details.behaviour.attach, 'source');
      const created = createCustomer(rt, { ...input, testClock: clock?.id ?? null }, origin);
      const withSource = details ? withDefaultSource(rt, created, createCardSource(rt, details, created.id), origin) : created;
      return withPaymentMethods(rt, withSource, paymentMethod, defaultPm, origin);
    });
    return sendObject(c, rt.store, customer, expand);
  });

  app.get('/:id/payment_methods', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const type = p.string('type');
    p.oneOf('allow_redisplay', ['always', 'limited', 'unspecified']);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const customer = requireCustomer(rt, c.req.param('id'), 'customer');
    const items = rt.store.paymentMethods.newestFirst((pm) => pm.customer === customer.id && (type === undefined || pm.type === type));
    return sendList(c, rt.store, paginate(items, page, `/v1/customers/${customer.id}/payment_methods`, 'PaymentMethod'), expand);
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
    const match = (cu: Stripe.Customer) => (email === undefined || cu.email === email) && (!created || created(cu.created));
    return sendList(c, rt.store, paginateCollection(rt.store.customers, match, page, '/v1/customers', 'customer'), expand);
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
    const defaultPmParam = settings?.nullableString('default_payment_method');
    const source = p.string('source');
    const defaultSource = p.string('default_source');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    if (defaultSource !== undefined) requireSource(rt, current.id, defaultSource);
    // `source` adds the card and makes it the default, replacing the previous default source.
    if (source !== undefined) replaceDefaultSource(rt, current, source, origin);
    const defaultPm = defaultPmParam
      ? withCustomerTime(rt, current, () => customerPaymentMethod(rt, defaultPmParam, current.id, 'invoice_settings[default_payment_method]', origin).id)
      : defaultPmParam;
    const latest = rt.store.customers.get(current.id) ?? current;
    const next: Stripe.Customer = {
      ...latest,
      email: input.email === undefined ? current.email : input.email,
      name: input.name === undefined ? current.name : input.name,
      description: input.description === undefined ? current.description : input.description,
      phone: input.phone === undefined ? current.phone : input.phone,
      metadata: mergeMetadata(current.metadata, input.metadata),
      balance: input.balance ?? current.balance,
      invoice_settings: defaultPm === undefined ? current.invoice_settings : { ...current.invoice_settings, default_payment_method: defaultPm },
      default_source: defaultSource ?? latest.default_source,
    };
    return sendObject(
      c,
      rt.store,
      withCustomerTime(rt, current, () => updateCustomer(rt, latest, next, origin)),
      expand,
    );
  });

  app.delete('/:id', (c) => {
    const customer = requireCustomer(rt, c.req.param('id'));
    paramsOf(c).done();
    return c.json(deleteCustomer(rt, customer, originOf(c)));
  });

  return app;
}
