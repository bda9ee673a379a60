import type Stripe from 'stripe';
import type { Params } from './params';
import type { Collection, Stored } from '../collection';
import { invalidParam, noSuchResource } from './errors';

export interface PageRequest {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export function readPageRequest(p: Params): PageRequest {
  const limit = p.integer('limit');
  if (limit !== undefined && (limit < 1 || limit > 100)) {
    throw invalidParam('limit', 'Invalid limit: must be between 1 and 100');
  }
  const startingAfter = p.string('starting_after');
  const endingBefore = p.string('ending_before');
  if (startingAfter && endingBefore) {
    throw invalidParam('ending_before', 'You may only specify one of these parameters: ending_before, starting_after.');
  }
  return { limit: limit ?? 10, startingAfter, endingBefore };
}

/**
 * Cursor pagination over a newest-first list: `starting_after` pages towards older objects,
 * `ending_before` towards newer ones; either way the page itself stays newest first.
 */
export function paginate<T extends { id: string }>(items: T[], req: PageRequest, url: string, kind: string): Stripe.ApiList<T> {
  const cursor = req.startingAfter ?? req.endingBefore;
  if (cursor === undefined) {
    return { object: 'list', data: items.slice(0, req.limit), has_more: items.length > req.limit, url };
  }
  const at = items.findIndex((i) => i.id === cursor);
  if (at < 0) throw noSuchResource(kind, cursor, req.startingAfter ? 'starting_after' : 'ending_before');
  if (req.startingAfter) {
    const rest = items.slice(at + 1);
    return { object: 'list', data: rest.slice(0, req.limit), has_more: rest.length > req.limit, url };
  }
  const newer = items.slice(0, at);
  const from = Math.max(0, newer.length - req.limit);
  return { object: 'list', data: newer.slice(from), has_more: from > 0, url };
}

/**
 * `paginate` over a collection without listing it first: the same pages, errors and `has_more`,
 * walking from the cursor only as far as the page needs (a backfill reads 5,000 pages of 500,000
 * invoices; listing them all for every page made each page cost the whole list).
 */
export function paginateCollection<T extends Stored>(
  collection: Collection<T>,
  match: (obj: T) => boolean,
  req: PageRequest,
  url: string,
  kind: string,
): Stripe.ApiList<T> {
  const cursor = req.startingAfter ?? req.endingBefore;
  const older = req.endingBefore === undefined;
  const found = collection.walk(cursor, older, match, req.limit + 1);
  if (!found) throw noSuchResource(kind, cursor!, req.startingAfter ? 'starting_after' : 'ending_before');
  const data = found.slice(0, req.limit);
  return { object: 'list', data: older ? data : data.reverse(), has_more: found.length > req.limit, url };
}

/** `created` filters: an exact second or a `{gt,gte,lt,lte}` range. */
export function readCreatedFilter(p: Params, key = 'created'): ((created: number) => boolean) | undefined {
  if (!p.has(key)) return undefined;
  const range = typeof p.raw[key] === 'string' ? undefined : p.object(key);
  if (!range) {
    const exact = p.integer(key);
    return (c) => c === exact;
  }
  const bounds: Stripe.RangeQueryParam = {
    gt: range.integer('gt'),
    gte: range.integer('gte'),
    lt: range.integer('lt'),
    lte: range.integer('lte'),
  };
  return (c) =>
    (bounds.gt === undefined || c > bounds.gt) &&
    (bounds.gte === undefined || c >= bounds.gte) &&
    (bounds.lt === undefined || c < bounds.lt) &&
    (bounds.lte === undefined || c <= bounds.lte);
}
