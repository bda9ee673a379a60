import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { Customer, Invoice, Subscription } from '../../db/models';
import type { ApplyContext } from '../handlers/types';
import { idOf } from './snapshot';
import type { Prefetched } from './unit';

export interface ParentNeeds {
  customers: Set<string>;
  subscriptions: Set<string>;
  invoices: Set<string>;
  /** objects whose own snapshots are in the batch: no need to fetch them */
  inBatch: { customers: Set<string>; subscriptions: Set<string>; invoices: Set<string> };
}

async function missing<T extends { get(key: string): unknown }>(
  ids: Set<string>,
  inBatch: Set<string>,
  find: (ids: string[]) => Promise<T[]>,
  key: string,
): Promise<string[]> {
  const candidates = [...ids].filter((id) => !inBatch.has(id));
  if (!candidates.length) return [];
  const known = new Set((await find(candidates)).map((row) => String(row.get(key))));
  return candidates.filter((id) => !known.has(id));
}

/**
 * Events can arrive before the events that create their parents (an invoice before its customer).
 * Parents neither mirrored nor in the batch are fetched from Stripe, whose answer is current truth.
 */
export async function fetchMissingParents(needs: ParentNeeds, ctx: ApplyContext, into: Prefetched): Promise<void> {
  // Children first: a fetched invoice names a subscription and a customer that may be missing too.
  const invoices = await missing(
    needs.invoices,
    needs.inBatch.invoices,
    (ids) => Invoice.findAll({ where: { stripeInvoiceId: { [Op.in]: ids } }, attributes: ['stripeInvoiceId'] }),
    'stripeInvoiceId',
  );
  for (const id of invoices) {
    const invoice = await ctx.stripe.invoices.retrieve(id);
    into.invoices.set(id, invoice);
    const customer = idOf(invoice.customer);
    const subscription = idOf(invoice.parent?.subscription_details?.subscription ?? null);
    if (customer) needs.customers.add(customer);
    if (subscription) needs.subscriptions.add(subscription);
  }
  const subscriptions = await missing(
    needs.subscriptions,
    needs.inBatch.subscriptions,
    (ids) => Subscription.findAll({ where: { stripeSubscriptionId: { [Op.in]: ids } }, attributes: ['stripeSubscriptionId'] }),
    'stripeSubscriptionId',
  );
  for (const id of subscriptions) {
    const subscription: Stripe.Subscription = await ctx.stripe.subscriptions.retrieve(id);
    into.subscriptions.set(id, subscription);
    const customer = idOf(subscription.customer);
    if (customer) needs.customers.add(customer);
  }
  const customers = await missing(
    needs.customers,
    needs.inBatch.customers,
    (ids) => Customer.findAll({ where: { stripeCustomerId: { [Op.in]: ids } }, attributes: ['stripeCustomerId'] }),
    'stripeCustomerId',
  );
  for (const id of customers) {
    const customer = await ctx.stripe.customers.retrieve(id);
    if (!customer.deleted) into.customers.set(id, customer);
  }
}
