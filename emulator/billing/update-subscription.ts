import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import type { PlanChange } from './plan-change';
import type { PaymentBehavior } from './start-subscription';
import { planChange } from './plan-change';
import { periodEnd } from './subscription';
import { saveSubscription } from './subscription-save';
import { buildInvoiceItem, addInvoiceItem } from './invoice-items';
import { invoiceNow } from './invoice-now';
import { redeem } from './discounts';
import { chargeOutcome } from './charge-outcome';
import { cardError } from './cards/errors';
import { idOf } from '../resources/invoices';

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
  paymentBehavior: PaymentBehavior;
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
    next: { ...sub, status: 'trialing', trial_start: sub.trial_start ?? now, trial_end: trialEnd, billing_cycle_anchor: trialEnd, items: { ...sub.items, data: items } },
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

/**
 * subscriptions.update: item changes with their prorations, cancellation at period end or its
 * undoing, trial changes, pause, discounts and metadata; invoices at once when the change asks for it.
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
  const invoicesNow = trial.endsNow || planned?.resetCycle === true || (u.plan?.prorationBehavior === 'always_invoice' && (planned?.prorations.length ?? 0) > 0);
  if (invoicesNow && u.paymentBehavior === 'error_if_incomplete') {
    const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
    const pmId = idOf(next.default_payment_method) ?? idOf(customer?.invoice_settings.default_payment_method ?? null);
    const pm = pmId ? rt.store.paymentMethods.get(pmId) : undefined;
    const outcome = pm ? chargeOutcome(rt, pm) : null;
    if (outcome && !outcome.ok) throw cardError(outcome.decline);
  }
  next = { ...next, discounts: replaceDiscounts(rt, sub, u.coupons, origin) };
  const customer = rt.store.customers.get(idOf(sub.customer) ?? '');
  if (!customer) throw new Error(`subscription ${sub.id} has no customer`);
  for (const p of planned?.prorations ?? []) addInvoiceItem(rt, buildInvoiceItem(rt, { ...p, customer }), origin);
  saveSubscription(rt, sub, next, origin);
  if (!invoicesNow) return next;
  invoiceNow(rt, next, customer, trial.endsNow || planned?.resetCycle === true ? 'full' : null, origin);
  return rt.store.subscriptions.get(sub.id) ?? next;
}
