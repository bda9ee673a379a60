import type Stripe from 'stripe';
import type { Ctx } from './env';
import type { Store } from '../store';
import { toJson } from '../json';
import { applyExpand } from './expand';
import { storeResolver } from '../resolver';

export function sendObject(c: Ctx, store: Store, obj: object, expand: string[]) {
  return c.json(applyExpand(toJson(obj), expand, storeResolver(store)));
}

/** List expansions are written `data.customer`, exactly as Stripe takes them. */
export function sendList<T extends object>(c: Ctx, store: Store, list: Stripe.ApiList<T>, expand: string[]) {
  // Nothing to expand: the list goes out as it is (JSON.stringify writes Stripe.Decimal through its
  // toJSON too), without first copying it through a JSON round trip only expansion needs.
  if (!expand.length) return c.body(JSON.stringify(list), 200, { 'content-type': 'application/json' });
  return c.json(applyExpand(toJson(list), expand, storeResolver(store)));
}
