import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { PlanChange } from './plan-change';
import type { UpdatePaymentBehavior } from './start-subscription';
import { planChange } from './plan-change';
import { periodEnd } from './subscription';
import { saveSubscription } from './subscription-save';
import { buildInvoiceItem, addInvoiceItem } from '../invoices/invoice-items';
import { invoiceNow } from '../invoices/invoice-now';
import { redeem } from '../invoices/discounts';
import { authorize } from '../payments/cards/authorize';
import { cardError, requiresActionError } from '../payments/cards/errors';
import { invoicePaymentIntent } from '../payments/payment';
import { applyPendingUpdate, holdPendingUpdate } from './pending-update';
import { announceTrialEndedNow, stopAtTrialEnd } from './trial-end';
import { idOf } from '../../refs';

export interface CouponRef {
  coupon: Stripe.Coupon;
  promotionCode: Stripe.PromotionCode | null;
}

export interface SubscriptionUpdate {
  plan: PlanChange | null;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  cancellationDetails?: { comment?: string | null; feedback?: Stripe.Subscription.CancellationDetails.Feedback | null };
  defaultPaymentMethod?: string | null;
  pauseCollection?: Stripe.Subscription.PauseCollection | null;
  trialEnd?: 'now' | number;
  metadata?: Record<string, string>;
  description?: string | null;
  coupons?: CouponRef[];
  paymentBehavior: UpdatePaymentBehavior;
  /** `off_session`: false (the customer is there) by default, as Stripe's. */
  offSession: boolean;
}

function withCancellation(sub: Stripe.Subscription, u: SubscriptionUpdate, now: number): Stripe.Subscription {
  const end = sub.items.data[0].current_period_end;
  let next = sub;
  if (u.cancelAtPeriodEnd === true) next = { ...next, cancel_at_period_end: true, cancel_at: end, canceled_at: now };
  if (u.cancelAtPeriodEnd === false || u.cancelAt === null) next = { ...next, cancel_at_period_end: false, cancel_at: null, canceled_at: null };
  if (typeof u.cancelAt === 'number') next = { ...next, cancel_at: u.cancelAt, cancel_at_period_end: u.cancelAt === end, canceled_at: now };
  const canceling = next.cancel_at !== null;
  const details = u.cancellationDetails;
  if (canceling !== (sub.cancel_at !== null) || details) {
    next = {
      ...next,
      cancellation_details: {
        comment: details?.comment ?? (canceling ? (sub.cancellation_details?.comment ?? null) : null),
        feedback: details?.feedback ?? (canceling ? (sub.cancellation_details?.feedback ?? null) : null),
        feedback_option: null,
        reason: canceling ? 'cancellation_requested' : null,
      },
    };
  }
  return next;
}

function withTrialEnd(sub: Stripe.Subscription, trialEnd: 'now' | number | undefined, now: number): { next: Stripe.Subscription; endsNow: boolean } {
  if (trialEnd === undefined) return { next: sub, endsNow: false };
  if (trialEnd === 'now' || trialEnd <= now) {
    const end = periodEnd(now, sub.items.data[0].price);
    const items = sub.items.data.map((i) => ({ ...i, current_period_start: now, current_period_end: end }));
    return { next: { ...sub, status: 'active', trial_end: now, billing_cycle_anchor: now, items: { ...sub.items, data: items } }, endsNow: true };
  }
  const items = sub.items.data.map((i) => ({ ...i, current_period_end: trialEnd }));
  return {
    next: {
      ...sub,
      status: 'trialing',
      trial_start: sub.trial_start ?? now,
      trial_end: trialEnd,
      billing_cycle_anchor: trialEnd,
      items: { ...sub.items, data: items },
    },
    endsNow: false,
  };
}

function replaceDiscounts(rt: Runtime, sub: Stripe.Subscription, coupons: CouponRef[] | undefined, origin: EventOrigin): string[] {
  const current = sub.discounts.map((d) => (typeof d === 'string' ? d : d.id));
  if (coupons === undefined) return current;
  for (const id of current) {
    const discount = rt.store.discounts.get(id);
    if (!discount) continue;
    rt.store.discounts.delete(id);
    rt.bus.publish({ type: 'customer.discount.deleted', data: { object: discount } }, origin);
  }
  return coupons.map((ref) => redeem(rt, ref, { customer: idOf(sub.customer) ?? '', subscription: sub.id }, origin).id);
}

/** error_if_incomplete: what the payment would do, asked before anything changes, so a refusal changes nothing. */
function refuseUnpayable(rt: Runtime, sub: Stripe.Subscription, next: Stripe.Subscription, offSession: boolean): void {
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  const pmId = idOf(next.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method ?? null) ?? idOf(customer?.default_source ?? null);
  const pm = pmId ? rt.store.paymentMethods.get(pmId) : undefined;
  if (!pm) return;
  const answer = authorize(rt, pm, { offSession, authenticated: false });
  if (answer.kind === 'declined') throw cardError(answer.decline);
  if (answer.kind === 'needs_authentication') throw requiresActionError();
}

/**
 * subscriptions.update: item changes with their prorations, cancellation at period end or its
 * undoing, trial changes, pause, discounts and metadata; invoices at once when the change asks for it.
 * How an unpaid invoice is handled follows `payment_behavior` (Stripe API reference, Update a subscription):
 * allow_incomplete applies the change and leaves the subscription past_due; default_incomplete
 * applies it and waits for the invoice's PaymentIntent to be confirmed; error_if_incomplete
 * refuses with 402 and changes nothing; pending_if_incomplete keeps the old state and holds the
 * change in `pending_update` until the invoice is paid.
 */
export function updateSubscription(rt: Runtime, sub: Stripe.Subscription, u: SubscriptionUpdate, origin: EventOrigin): Stripe.Subscription {
  const now = rt.clock.now();
  const planned = u.plan ? planChange(rt, sub, u.plan) : null;
  let next = planned?.next ?? sub;
  const trial = withTrialEnd(next, u.trialEnd, now);
  next = withCancellation(trial.next, u, now);
  next = {
    ...next,
    default_payment_method: u.defaultPaymentMethod === undefined ? next.default_payment_method : u.defaultPaymentMethod,
    pause_collection: u.pauseCollection === undefined ? next.pause_collection : u.pauseCollection,
    metadata: u.metadata ?? next.metadata,
    description: u.description === undefined ? next.description : u.description,
  };
  const resetCycle = trial.endsNow || planned?.resetCycle === true;
  const invoicesNow = resetCycle || (u.plan?.prorationBehavior === 'always_invoice' && (planned?.prorations.length ?? 0) > 0);
  if (invoicesNow && u.paymentBehavior === 'error_if_incomplete') refuseUnpayable(rt, sub, next, u.offSession);
  next = { ...next, discounts: replaceDiscounts(rt, sub, u.coupons, origin) };
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  if (!customer) throw new Error(`subscription ${sub.id} has no customer`);
  if (trial.endsNow && sub.status === 'trialing') {
    announceTrialEndedNow(rt, sub, origin);
    // Ending the trial early meets the trial's end behaviour just as reaching its end would.
    const stopped = stopAtTrialEnd(rt, sub, next, origin);
    if (stopped) return stopped;
  }
  for (const p of planned?.prorations ?? []) addInvoiceItem(rt, buildInvoiceItem(rt, { ...p, customer }), origin);
  const charge = resetCycle ? 'full' : null;
  if (invoicesNow && u.paymentBehavior === 'pending_if_incomplete') return updatePending(rt, sub, next, customer, charge, u.offSession, origin);
  saveSubscription(rt, sub, next, origin);
  if (!invoicesNow) return next;
  if (u.paymentBehavior === 'default_incomplete') return awaitConfirmation(rt, next, customer, charge, origin);
  invoiceNow(rt, next, customer, charge, origin, 'subscription_update', { offSession: u.offSession });
  return rt.store.subscriptions.get(sub.id) ?? next;
}

/** pending_if_incomplete: the planned state is kept aside while its invoice is charged, and only applied once paid. */
function updatePending(
  rt: Runtime,
  sub: Stripe.Subscription,
  planned: Stripe.Subscription,
  customer: Stripe.Customer,
  charge: 'full' | null,
  offSession: boolean,
  origin: EventOrigin,
): Stripe.Subscription {
  let registered = false;
  const resetCycle = charge === 'full';
  const invoice = invoiceNow(rt, planned, customer, charge, origin, 'subscription_update', {
    offSession,
    // The subscription changes once, when paid (or shows its pending update): never a state in between.
    recordLatest: false,
    beforeCollect: (open) => {
      if (open.status !== 'open') return;
      rt.store.billing.pendingUpdates.set(sub.id, {
        invoice: open.id,
        items: planned.items.data,
        billingCycleAnchor: planned.billing_cycle_anchor,
        cancelAt: planned.cancel_at,
      });
      registered = true;
    },
  });
  const current = rt.store.subscriptions.get(sub.id) ?? sub;
  // Nothing was due (paid at finalization): the change applies at once.
  if (!registered) return saveSubscription(rt, current, { ...planned, latest_invoice: invoice.id, pending_update: null }, origin);
  // Paid: afterInvoicePaid has applied it already. Unpaid: the change waits, visibly, in pending_update.
  if (invoice.status === 'paid') return rt.store.subscriptions.get(sub.id) ?? applyPendingUpdate(rt, current, origin);
  return holdPendingUpdate(rt, planned, invoice, resetCycle, origin);
}

/** default_incomplete: the invoice is finalized with its PaymentIntent and not charged; the subscription is past_due until it is paid. */
function awaitConfirmation(rt: Runtime, next: Stripe.Subscription, customer: Stripe.Customer, charge: 'full' | null, origin: EventOrigin): Stripe.Subscription {
  const invoice = invoiceNow(rt, next, customer, charge, origin, 'subscription_update', {
    beforeCollect: (open) => {
      if (open.status === 'open') invoicePaymentIntent(rt, open, customer.id, origin);
    },
    collect: false,
  });
  const current = rt.store.subscriptions.get(next.id) ?? next;
  if (invoice.status === 'open' && current.status === 'active') return saveSubscription(rt, current, { ...current, status: 'past_due' }, origin);
  return current;
}
