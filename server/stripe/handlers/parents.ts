import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import { Customer, Subscription } from '../../db/models';
import { upsertCustomer } from '../mirror/customers';
import { upsertSubscription } from '../mirror/subscriptions';
import { fetchedAt } from '../mirror/util';
import type { HandlerContext } from './types';

/**
 * Events can arrive before the event that creates their parent (an invoice before its
 * customer). Missing parents are fetched from Stripe, whose answer is the current truth.
 */
export async function fetchCustomerIfMissing(stripeCustomerId: string, ctx: HandlerContext): Promise<Stripe.Customer | null> {
  if (await Customer.findOne({ where: { stripeCustomerId }, attributes: ['id'] })) return null;
  const customer = await ctx.stripe.customers.retrieve(stripeCustomerId);
  return customer.deleted ? null : customer;
}

export async function fetchSubscriptionIfMissing(stripeSubscriptionId: string, ctx: HandlerContext): Promise<Stripe.Subscription | null> {
  if (await Subscription.findOne({ where: { stripeSubscriptionId }, attributes: ['id'] })) return null;
  return ctx.stripe.subscriptions.retrieve(stripeSubscriptionId);
}

export async function localCustomerId(stripeCustomerId: string, fetched: Stripe.Customer | null, transaction: Transaction): Promise<number> {
  const row = await Customer.findOne({ where: { stripeCustomerId }, transaction });
  if (row) return row.id;
  if (!fetched) throw new Error(`customer ${stripeCustomerId} is neither mirrored nor retrievable from Stripe`);
  return (await upsertCustomer(fetched, fetchedAt(), transaction)).id;
}

export async function localSubscriptionId(
  stripeSubscriptionId: string | null,
  fetched: Stripe.Subscription | null,
  customerId: number,
  transaction: Transaction,
): Promise<number | null> {
  if (!stripeSubscriptionId) return null;
  const row = await Subscription.findOne({ where: { stripeSubscriptionId }, transaction });
  if (row) return row.id;
  if (!fetched) return null;
  return (await upsertSubscription(fetched, customerId, fetchedAt(), transaction)).id;
}
