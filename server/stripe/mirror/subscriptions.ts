import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import { Plan, Price, Subscription } from '../../db/models';
import type { Interval } from '../../../shared/money';
import { idOf, isNewer, toDate } from './util';
import { refreshCustomerTotals } from './totals';

/** How far along a subscription's life a status is, for same-second ties. */
const STATUS_RANK: Record<string, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  unpaid: 4,
  paused: 4,
  incomplete_expired: 5,
  canceled: 5,
};

/** Links a Stripe price to a Recur plan, through the plan's price history or its current price. */
async function planIdForPrice(stripePriceId: string, transaction: Transaction): Promise<number | null> {
  const price = await Price.findOne({ where: { stripePriceId }, transaction });
  if (price) return price.planId;
  const plan = await Plan.findOne({ where: { stripePriceId }, transaction });
  return plan?.id ?? null;
}

export async function upsertSubscription(
  source: Stripe.Subscription,
  customerId: number,
  eventCreated: number,
  transaction: Transaction,
): Promise<Subscription> {
  // Recur plans are single-price; the first item carries the plan and, since API 2025-03, the period.
  const item = source.items.data[0];
  const price = item?.price;
  const fields = {
    customerId,
    planId: price ? await planIdForPrice(price.id, transaction) : null,
    stripePriceId: price?.id ?? null,
    status: source.status,
    quantity: item?.quantity ?? 1,
    unitAmount: price?.unit_amount ?? 0,
    currency: source.currency,
    interval: (price?.recurring?.interval ?? 'month') as Interval,
    intervalCount: price?.recurring?.interval_count ?? 1,
    currentPeriodStart: toDate(item?.current_period_start),
    currentPeriodEnd: toDate(item?.current_period_end),
    cancelAtPeriodEnd: source.cancel_at_period_end,
    canceledAt: toDate(source.canceled_at),
    trialEnd: toDate(source.trial_end),
    lastEventAt: eventCreated,
  };
  const existing = await Subscription.findOne({ where: { stripeSubscriptionId: source.id }, transaction });
  let row: Subscription;
  if (!existing) {
    row = await Subscription.create({ stripeSubscriptionId: source.id, ...fields }, { transaction });
  } else if (isNewer(eventCreated, existing.lastEventAt, STATUS_RANK[source.status], STATUS_RANK[existing.status])) {
    row = await existing.update(fields, { transaction });
  } else {
    return existing;
  }
  await refreshCustomerTotals(customerId, transaction);
  return row;
}

export function stripeCustomerIdOf(source: Stripe.Subscription | Stripe.Invoice): string | null {
  return idOf(source.customer);
}
