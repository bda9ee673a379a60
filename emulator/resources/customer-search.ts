import type Stripe from 'stripe';
import type { Store } from '../store';
import type { Params } from '../http/params';
import { badRequest, missingParam } from '../http/errors';
import { toJson } from '../json';

type Clause = { field: 'email' | 'name' | 'phone'; value: string } | { field: 'metadata'; key: string; value: string };

/**
 * The subset of Stripe's search query language that customer look-ups use:
 * `email:'x'`, `name:'x'`, `phone:'x'`, `metadata['k']:'v'`, joined with AND.
 */
function parseQuery(query: string): Clause[] {
  const clauses: Clause[] = [];
  for (const part of query.split(/\s+AND\s+/i)) {
    const meta = /^metadata\[['"](.+)['"]\]:['"](.*)['"]$/.exec(part.trim());
    if (meta) {
      clauses.push({ field: 'metadata', key: meta[1], value: meta[2] });
      continue;
    }
    const m = /^(email|name|phone):['"](.*)['"]$/.exec(part.trim());
    if (!m) throw badRequest(`Unsupported search query: ${part.trim()}`, 'query');
    const field = m[1] === 'email' ? 'email' : m[1] === 'name' ? 'name' : 'phone';
    clauses.push({ field, value: m[2] });
  }
  return clauses;
}

function matches(c: Stripe.Customer, clause: Clause): boolean {
  if (clause.field === 'metadata') return c.metadata[clause.key] === clause.value;
  return (c[clause.field] ?? '').toLowerCase() === clause.value.toLowerCase();
}

export function searchCustomers(store: Store, p: Params) {
  const query = p.string('query');
  if (!query) throw missingParam('query');
  const limit = p.integer('limit', { min: 1, max: 100 }) ?? 10;
  const page = p.string('page');
  p.stringArray('expand');
  p.done();
  const clauses = parseQuery(query);
  const all = store.customers.newestFirst((c) => clauses.every((cl) => matches(c, cl)));
  // The page token is the offset, opaque to clients as Stripe's is.
  const offset = page ? Number.parseInt(Buffer.from(page, 'base64url').toString('utf8'), 10) || 0 : 0;
  const data = all.slice(offset, offset + limit);
  const hasMore = offset + limit < all.length;
  const result: Stripe.ApiSearchResult<Stripe.Customer> = {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(String(offset + limit)).toString('base64url') : null,
    url: '/v1/customers/search',
  };
  return toJson(result);
}
