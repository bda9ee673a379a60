import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { ProrationBehavior } from './plan-change';
import { periodEnd } from './subscription';
import { saveSubscription } from './subscription-save';
import { invoiceNow } from '../invoices/invoice-now';
import { idOf } from '../../refs';

/**
 * Brings a paused subscription back. With the default anchor `now` a new period starts and is
 * invoiced at once; `unchanged` keeps the old cycle and bills at its next renewal.
 */
export function resumeSubscription(
  rt: Runtime,
  sub: Stripe.Subscription,
  opts: { anchor: 'now' | 'unchanged'; prorationBehavior: ProrationBehavior },
  origin: EventOrigin,
): Stripe.Subscription {
  const now = rt.clock.now();
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  let next: Stripe.Subscription = { ...sub, status: 'active', pause_collection: null };
  if (opts.anchor === 'now') {
    const end = periodEnd(now, sub.items.data[0].price);
    const items = sub.items.data.map((i) => ({ ...i, current_period_start: now, current_period_end: end }));
    next = { ...next, billing_cycle_anchor: now, items: { ...sub.items, data: items } };
  }
  saveSubscription(rt, sub, next, origin);
  rt.bus.publish({ type: 'customer.subscription.resumed', data: { object: next } }, origin);
  if (opts.anchor === 'now' && customer) invoiceNow(rt, next, customer, 'full', origin, 'subscription_cycle');
  return rt.store.subscriptions.get(sub.id) ?? next;
}
