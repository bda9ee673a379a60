import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { NewSubscription } from './subscription';
import type { Decline } from '../payments/cards/behaviour';
import { newId } from '../../ids';
import { buildSubscription } from './subscription';
import { draftForSubscription } from '../invoices/subscription-invoice';
import { finalizeInvoice, insertDraft, collectInvoice, paymentMethodFor } from '../invoices/invoice-flow';
import { invoicePaymentIntent } from '../payments/payment';
import { authorize } from '../payments/cards/authorize';
import { cardError, requiresActionError } from '../payments/cards/errors';
import { redeem, withoutSpentDiscounts } from '../invoices/discounts';
import { badRequest } from '../../http/errors';
import { saveSubscription } from './subscription-save';

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete';
/** pending_if_incomplete "is only used with updates and cannot be passed when creating a Subscription" (API reference). */
export type UpdatePaymentBehavior = PaymentBehavior | 'pending_if_incomplete';

export interface StartSubscription extends Omit<NewSubscription, 'status' | 'id'> {
  paymentBehavior: PaymentBehavior;
  coupons: { coupon: Stripe.Coupon; promotionCode: Stripe.PromotionCode | null }[];
  /** `off_session` on subscriptions.create; false (the customer is there) by default, as Stripe's. */
  offSession: boolean;
  /** Checkout has just authenticated the card for this payment. */
  authenticated: boolean;
}

export interface Started {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice;
  decline: Decline | null;
}

function cardFor(rt: Runtime, input: StartSubscription): Stripe.PaymentMethod | null {
  const id = input.defaultPaymentMethod ?? input.customer.invoice_settings.default_payment_method ?? input.customer.default_source;
  const ref = typeof id === 'string' ? id : (id?.id ?? null);
  return ref ? (rt.store.paymentMethods.get(ref) ?? null) : null;
}

/**
 * subscriptions.create and Checkout: the subscription, its first invoice and (unless
 * default_incomplete, a trial or $0) the first charge. The status the subscription is created
 * with already reflects that charge, as in Stripe's customer.subscription.created event.
 */
export function startSubscription(rt: Runtime, input: StartSubscription, origin: EventOrigin): Started {
  const id = newId('sub');
  const willCharge = input.trialEnd === null && input.collectionMethod === 'charge_automatically';
  const card = cardFor(rt, input);
  const listTotal = input.lines.reduce((sum, l) => sum + (l.price.unit_amount ?? 0) * l.quantity, 0);
  if (willCharge && listTotal > 0 && !card && input.paymentBehavior !== 'default_incomplete') {
    throw badRequest('This customer has no attached payment source or default payment method. Please consider adding a default payment method.');
  }
  const answer = card ? authorize(rt, card, { offSession: input.offSession, authenticated: input.authenticated }) : null;
  if (willCharge && listTotal > 0 && input.paymentBehavior === 'error_if_incomplete' && answer) {
    if (answer.kind === 'declined') throw cardError(answer.decline);
    if (answer.kind === 'needs_authentication') throw requiresActionError();
  }
  const paysNow = !willCharge || listTotal === 0 || (input.paymentBehavior !== 'default_incomplete' && answer?.kind === 'approved');
  const status: Stripe.Subscription.Status = input.trialEnd !== null ? 'trialing' : paysNow ? 'active' : 'incomplete';

  let sub = buildSubscription(rt, { ...input, id, status });
  const discounts = input.coupons.map((ref) => redeem(rt, ref, { customer: input.customer.id, subscription: id }, origin).id);
  sub = { ...sub, discounts };
  const charge = input.trialEnd !== null ? 'trial' : input.billingCycleAnchor !== null ? 'partial' : 'full';
  let invoice = draftForSubscription(rt, sub, input.customer, { reason: 'subscription_create', charge });
  sub = { ...sub, latest_invoice: invoice.id };
  rt.store.subscriptions.insert(sub);
  rt.bus.publish({ type: 'customer.subscription.created', data: { object: sub } }, origin);

  insertDraft(rt, invoice, origin);
  invoice = finalizeInvoice(rt, invoice, origin);
  let decline: Decline | null = null;
  if (invoice.status === 'open') {
    if (input.paymentBehavior === 'default_incomplete' || sub.collection_method !== 'charge_automatically') {
      invoicePaymentIntent(rt, invoice, input.customer.id, origin);
    } else {
      const result = collectInvoice(rt, invoice, origin, {
        automatic: true,
        paymentMethod: paymentMethodFor(rt, invoice) ?? undefined,
        offSession: input.offSession,
        authenticated: input.authenticated,
      });
      invoice = result.invoice;
      decline = result.failure?.decline ?? null;
    }
  }
  const current = rt.store.subscriptions.get(id) ?? sub;
  const trimmed = withoutSpentDiscounts(rt, current, invoice, origin);
  if (trimmed !== current) saveSubscription(rt, current, trimmed, origin);
  return { subscription: rt.store.subscriptions.get(id) ?? sub, invoice: rt.store.invoices.get(invoice.id) ?? invoice, decline };
}
