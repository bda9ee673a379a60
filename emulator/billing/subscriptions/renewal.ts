import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { periodEnd } from './subscription';
import { draftForSubscription } from '../invoices/subscription-invoice';
import { collectInvoice, finalizeInvoice, insertDraft, paymentMethodFor } from '../invoices/invoice-flow';
import { endSubscription } from './subscription-end';
import { saveSubscription } from './subscription-save';
import { withoutSpentDiscounts } from '../invoices/discounts';
import { stopAtTrialEnd } from './trial-end';
import { voidInvoice, markUncollectible } from '../invoices/invoice-status';
import { idOf } from '../../refs';

/** The subscription moved into its next period (or its first after a trial), still unsaved. */
export function nextPeriod(sub: Stripe.Subscription, start: number): Stripe.Subscription {
  const end = periodEnd(start, sub.items.data[0].price);
  const items = sub.items.data.map((i) => ({ ...i, current_period_start: start, current_period_end: end }));
  return { ...sub, items: { ...sub.items, data: items } };
}

/**
 * What happens when a period ends: a scheduled cancellation takes effect, a trial ends (or
 * pauses without a card), or the next period starts with its invoice — created, finalized and
 * charged (real Stripe finalizes about an hour later; here it happens at once).
 */
export function renewSubscription(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin): void {
  const end = sub.items.data[0].current_period_end;
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  if (!customer) return;
  if (sub.cancel_at !== null && sub.cancel_at <= end) {
    endSubscription(rt, sub, 'cancellation_requested', origin);
    return;
  }
  const endingTrial = sub.status === 'trialing';
  if (endingTrial && stopAtTrialEnd(rt, sub, sub, origin)) return;
  let next = nextPeriod(sub, end);
  if (endingTrial) next = { ...next, status: 'active' };
  next = withoutSpentDiscounts(rt, next, null, origin);
  const draft = draftForSubscription(rt, next, customer, { reason: 'subscription_cycle', charge: 'full' });
  next = saveSubscription(rt, sub, { ...next, latest_invoice: draft.id }, origin);
  let invoice = insertDraft(rt, draft, origin);

  const pause = next.pause_collection;
  if (pause?.behavior === 'keep_as_draft') return;
  invoice = finalizeInvoice(rt, invoice, origin);
  if (pause?.behavior === 'void') {
    if (invoice.status === 'open') voidInvoice(rt, invoice, origin);
    return;
  }
  if (pause?.behavior === 'mark_uncollectible') {
    if (invoice.status === 'open') markUncollectible(rt, invoice, origin);
    return;
  }
  if (invoice.status === 'open' && next.collection_method === 'charge_automatically') {
    invoice = collectInvoice(rt, invoice, origin, { automatic: true, paymentMethod: paymentMethodFor(rt, invoice) ?? undefined }).invoice;
  }
  const latest = rt.store.subscriptions.get(sub.id) ?? next;
  const trimmed = withoutSpentDiscounts(rt, latest, invoice, origin);
  if (trimmed !== latest) saveSubscription(rt, latest, trimmed, origin);
}
