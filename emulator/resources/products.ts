import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { EventOrigin } from '../events/bus';
import type { Runtime } from '../runtime';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, noSuchResource } from '../http/errors';
import { paginate, readCreatedFilter, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { newId } from '../ids';
import { previousAttributes } from '../diff';

export interface ProductInput {
  id?: string;
  name: string;
  active?: boolean;
  description?: string | null;
  metadata?: Record<string, string> | null;
}

export function createProduct(rt: Runtime, input: ProductInput, origin: EventOrigin): Stripe.Product {
  if (input.id && rt.store.products.get(input.id)) {
    throw badRequest(`Product already exists.`, 'id');
  }
  const now = rt.clock.now();
  const product: Stripe.Product = {
    id: input.id ?? newId('prod'),
    object: 'product',
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
  rt.store.products.insert(product);
  rt.bus.publish({ type: 'product.created', data: { object: product } }, origin);
  return product;
}

export function requireProduct(rt: Runtime, id: string, param = 'id'): Stripe.Product {
  const product = rt.store.products.get(id);
  if (!product) throw noSuchResource('product', id, param);
  return product;
}

export function productRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const input: ProductInput = {
      id: p.string('id'),
      name: p.requiredString('name'),
      active: p.boolean('active'),
      description: p.nullableString('description'),
      metadata: p.metadata(),
    };
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, createProduct(rt, input, originOf(c)), expand);
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const active = p.boolean('active');
    const ids = p.stringArray('ids');
    const created = readCreatedFilter(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const items = rt.store.products.newestFirst(
      (pr) => (active === undefined || pr.active === active) && (!ids || ids.includes(pr.id)) && (!created || created(pr.created)),
    );
    return sendList(c, rt.store, paginate(items, page, '/v1/products', 'product'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, requireProduct(rt, c.req.param('id')), expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requireProduct(rt, c.req.param('id'));
    const name = p.string('name');
    if (name === '')
      throw badRequest(
        "You passed an empty string for 'name'. We assume empty values are an attempt to unset a parameter; however 'name' cannot be unset.",
        'name',
      );
    const active = p.boolean('active');
    const description = p.nullableString('description');
    const defaultPrice = p.nullableString('default_price');
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (defaultPrice && rt.store.prices.get(defaultPrice)?.product !== current.id) {
      throw noSuchResource('price', defaultPrice, 'default_price');
    }
    const next: Stripe.Product = {
      ...current,
      name: name ?? current.name,
      active: active ?? current.active,
      description: description === undefined ? current.description : description,
      default_price: defaultPrice === undefined ? current.default_price : defaultPrice,
      metadata: mergeMetadata(current.metadata, metadata),
      updated: rt.clock.now(),
    };
    rt.store.products.replace(next);
    const previous = previousAttributes(current, next);
    if (previous) rt.bus.publish({ type: 'product.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  // "Deleting a product is only possible if it has no prices associated with it" (docs.stripe.com/api/products/delete).
  app.delete('/:id', (c) => {
    paramsOf(c).done();
    const product = requireProduct(rt, c.req.param('id'));
    if (rt.store.prices.newestFirst((pr) => pr.product === product.id).length > 0) {
      throw badRequest('This product cannot be deleted because it has one or more user-created prices.');
    }
    rt.store.products.remove(product.id);
    rt.bus.publish({ type: 'product.deleted', data: { object: product } }, originOf(c));
    const deleted: Stripe.DeletedProduct = { id: product.id, object: 'product', deleted: true };
    return c.json(deleted);
  });

  return app;
}
