import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import { badRequest } from './errors';

/** How expansion finds what an id points at, and the fields (like `line_items`) that exist only when asked for. */
export interface ExpandResolver {
  byId(id: string): JsonObject | undefined;
  includable(owner: JsonObject, field: string): JsonValue | undefined;
}

const MAX_DEPTH = 4;

function expandInto(node: JsonValue, path: string[], resolver: ExpandResolver): void {
  if (Array.isArray(node)) {
    for (const item of node) expandInto(item, path, resolver);
    return;
  }
  if (!isJsonObject(node) || path.length === 0) return;
  const [field, ...rest] = path;
  const current = node[field];
  // `data` of a list and plain nested hashes are walked through, not expanded.
  const walkThrough = field === 'data' && node.object === 'list';
  if (typeof current === 'string') {
    const found = resolver.byId(current);
    if (!found) throw badRequest(`This property cannot be expanded (${field}).`, 'expand');
    node[field] = found;
  } else if (current === undefined || (current === null && resolver.includable(node, field) !== undefined)) {
    const included = resolver.includable(node, field);
    if (included === undefined) throw badRequest(`This property cannot be expanded (${field}).`, 'expand');
    node[field] = included;
  } else if (current === null) {
    return;
  } else if (Array.isArray(current) && current.some((item) => typeof item === 'string')) {
    // An array of expandable ids (a subscription's `discounts`): each id is expanded in place.
    node[field] = current.map((item) => {
      if (typeof item !== 'string') return item;
      const found = resolver.byId(item);
      if (!found) throw badRequest(`This property cannot be expanded (${field}).`, 'expand');
      return found;
    });
  } else if (!walkThrough && !isJsonObject(current) && !Array.isArray(current)) {
    throw badRequest(`This property cannot be expanded (${field}).`, 'expand');
  }
  if (rest.length > 0) expandInto(node[field], rest, resolver);
}

/** Applies `expand[]` paths (dot separated, through lists and arrays) to a JSON object in place. */
export function applyExpand(root: JsonObject, paths: string[], resolver: ExpandResolver): JsonObject {
  for (const full of paths) {
    const path = full.split('.');
    const depth = path.filter((p) => p !== 'data').length;
    if (depth > MAX_DEPTH) {
      throw badRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${full}`, 'expand');
    }
    expandInto(root, path, resolver);
  }
  return root;
}
