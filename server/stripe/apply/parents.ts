import type Stripe from 'stripe';
import type { ApplyContext } from '../handlers/types';
import { idOf } from './snapshot';
import { placeholders, sqlOutside, type Sql } from '../../db/sql';
import type { Prefetched } from './unit';

export interface ParentNeeds {
  customers: Set<string>;
  subscriptions: Set<string>;
  invoices: Set<string>;
  /** objects whose own snapshots are in the batch: no need to fetch them */
  inBatch: { customers: Set<string>; subscriptions: Set<string>; invoices: Set<string> };
  /** parents the caller knows are mirrored: not looked for */
  mirrored?: MirroredParents;
}

/** Stripe ids of customers and subscriptions a caller knows are mirrored (rows are never deleted). */
export interface MirroredParents {
  customers: ReadonlySet<string>;
  subscriptions: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** The ids neither in the batch nor already mirrored in `table` (by its `column`). */
async function missing(sql: Sql, ids: Set<string>, inBatch: Set<string>, table: string, column: string, mirrored = NONE): Promise<string[]> {
  const candidates = [...ids].filter((id) => !inBatch.has(id) && !mirrored.has(id));
  if (!candidates.length) return [];
  const rows = await sql.all<{ key: string }>(`SELECT ${column} AS "key" FROM ${table} WHERE ${column} IN (${placeholders(candidates.length)})`, candidates);
  const known = new Set(rows.map((row) => row.key));
  return candidates.filter((id) => !known.has(id));
}

/**
 * Events can arrive before the events that create their parents (an invoice before its customer).
 * Parents neither mirrored nor in the batch are fetched from Stripe, whose answer is current truth.
 */
export async function fetchMissingParents(needs: ParentNeeds, ctx: ApplyContext, into: Prefetched): Promise<void> {
  // Children first: a fetched invoice names a subscription and a customer that may be missing too.
  const sql = sqlOutside(ctx.db);
  const invoices = await missing(sql, needs.invoices, needs.inBatch.invoices, 'invoices', 'stripe_invoice_id');
  for (const id of invoices) {
    const invoice = await ctx.stripe.invoices.retrieve(id);
    into.invoices.set(id, invoice);
    const customer = idOf(invoice.customer);
    const subscription = idOf(invoice.parent?.subscription_details?.subscription ?? null);
    if (customer) needs.customers.add(customer);
    if (subscription) needs.subscriptions.add(subscription);
  }
  const subscriptions = await missing(
    sql,
    needs.subscriptions,
    needs.inBatch.subscriptions,
    'subscriptions',
    'stripe_subscription_id',
    needs.mirrored?.subscriptions,
  );
  for (const id of subscriptions) {
    const subscription: Stripe.Subscription = await ctx.stripe.subscriptions.retrieve(id);
    into.subscriptions.set(id, subscription);
    const customer = idOf(subscription.customer);
    if (customer) needs.customers.add(customer);
  }
  const customers = await missing(sql, needs.customers, needs.inBatch.customers, 'customers', 'stripe_customer_id', needs.mirrored?.customers);
  // A deleted customer answers `{id, deleted: true}` ("deleted customers can still be retrieved",
  // docs.stripe.com/api/customers/delete): kept too, so what names it applies to a row marked deleted.
  for (const id of customers) into.customers.set(id, await ctx.stripe.customers.retrieve(id));
}
