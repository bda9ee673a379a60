import { Hono } from 'hono';
import type { EmulatorEnv } from './env';
import type { Params } from './params';
import type { Runtime } from '../runtime';
import type { Collection, Stored } from '../collection';
import { paramsOf } from './env';
import { noSuchResource } from './errors';
import { paginateCollection, readCreatedFilter, readPageRequest } from './pagination';
import { sendList, sendObject } from './respond';

export type Filter<T> = (obj: T) => boolean;

export interface ReadRoutes<T extends Stored> {
  collection: (rt: Runtime) => Collection<T>;
  /** As Stripe names it in "No such …" messages. */
  kind: string;
  url: string;
  /** Reads the list filters this resource has; every returned predicate must hold. */
  filters?: (p: Params) => Filter<T>[];
  /** How a stored object is shown, when that is not its stored form (events render in their own API version). */
  render?: (obj: T) => object;
}

export function eq<T, V>(value: V | undefined, get: (obj: T) => V): Filter<T> {
  return (obj) => value === undefined || get(obj) === value;
}

/** Retrieve and list for objects that only the billing engine creates. */
export function readRoutes<T extends Stored>(rt: Runtime, spec: ReadRoutes<T>): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const created = readCreatedFilter(p);
    const filters = spec.filters?.(p) ?? [];
    if (created) filters.push((o) => created(o.created));
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const list = paginateCollection(spec.collection(rt), (o) => filters.every((f) => f(o)), page, spec.url, spec.kind);
    const render = spec.render;
    return sendList(c, rt.store, render ? { ...list, data: list.data.map((o) => render(o)) } : list, expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const id = c.req.param('id');
    const obj = spec.collection(rt).get(id);
    if (!obj) throw noSuchResource(spec.kind, id);
    return sendObject(c, rt.store, spec.render ? spec.render(obj) : obj, expand);
  });

  return app;
}
