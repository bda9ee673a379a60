import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { saveSubscription } from './subscription-save';

/** "Pending updates expire after 23 hours" (docs.stripe.com/billing/subscriptions/pending-updates-reference). */
export const PENDING_UPDATE_SECONDS = 23 * 3600;

/** The subscription whose pending update waits on this invoice, if any. */
export function pendingUpdateOfInvoice(rt: Runtime, invoice: Stripe.Invoice): Stripe.Subscription | null {
  const subId = invoice.parent?.subscription_details?.subscription;
  const id = typeof subId === 'string' ? subId : null;
  const change = id ? rt.store.billing.pendingUpdates.get(id) : undefined;
  if (!id || change?.invoice !== invoice.id) return null;
  return rt.store.subscriptions.get(id) ?? null;
}

/**
 * payment_behavior=pending_if_incomplete and the payment did not go through: the subscription
 * keeps what it had and cycles on as before; the change waits in `pending_update` until the
 * invoice is paid, for 23 hours at most.
 */
export function holdPendingUpdate(
  rt: Runtime,
  planned: Stripe.Subscription,
  invoice: Stripe.Invoice,
  resetCycle: boolean,
  origin: EventOrigin,
): Stripe.Subscription {
  const current = rt.store.subscriptions.get(planned.id);
  if (!current) throw new Error(`subscription ${planned.id} is gone`);
  rt.store.billing.pendingUpdates.set(planned.id, {
    invoice: invoice.id,
    items: planned.items.data,
    billingCycleAnchor: planned.billing_cycle_anchor,
    cancelAt: planned.cancel_at,
  });
  const pendingUpdate: Stripe.Subscription.PendingUpdate = {
    billing_cycle_anchor: resetCycle ? planned.billing_cycle_anchor : null,
    cancel_at_period_end: null,
    discount: null,
    discounts: null,
    expires_at: rt.clock.now() + PENDING_UPDATE_SECONDS,
    metadata: null,
    subscription_items: planned.items.data,
    trial_end: null,
    trial_from_plan: null,
  };
  return saveSubscription(rt, current, { ...current, pending_update: pendingUpdate, latest_invoice: invoice.id }, origin);
}

/** The pending update's invoice was paid: the change takes effect now. */
export function applyPendingUpdate(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin): Stripe.Subscription {
  const change = rt.store.billing.pendingUpdates.get(sub.id);
  if (!change) return sub;
  rt.store.billing.pendingUpdates.delete(sub.id);
  const wasVisible = sub.pending_update !== null;
  const applied = saveSubscription(
    rt,
    sub,
    {
      ...sub,
      items: { ...sub.items, data: change.items },
      billing_cycle_anchor: change.billingCycleAnchor,
      cancel_at: sub.cancel_at_period_end ? change.items[0].current_period_end : sub.cancel_at,
      latest_invoice: change.invoice,
      pending_update: null,
      status: sub.status === 'past_due' || sub.status === 'unpaid' ? 'active' : sub.status,
    },
    origin,
  );
  // Paid on the first attempt, the change simply applies; only a change that had to wait announces it.
  if (wasVisible) rt.bus.publish({ type: 'customer.subscription.pending_update_applied', data: { object: applied } }, origin);
  return applied;
}

/** Dropped: 23 hours passed, or its invoice was voided. Nothing of the change remains on the subscription. */
export function discardPendingUpdate(rt: Runtime, sub: Stripe.Subscription, origin: EventOrigin, expired: boolean): Stripe.Subscription {
  rt.store.billing.pendingUpdates.delete(sub.id);
  if (sub.pending_update === null) return sub;
  const next = saveSubscription(rt, sub, { ...sub, pending_update: null }, origin);
  if (expired) rt.bus.publish({ type: 'customer.subscription.pending_update_expired', data: { object: next } }, origin);
  return next;
}
