import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { CheckoutResult, Payer } from './complete-checkout';
import { customerDetails } from './complete-checkout';
import { createCustomer } from '../customers/customers';
import { replaceSession } from '../../checkout/lifecycle';
import { buildPaymentIntent, insertPaymentIntent } from '../payments/payment-intents/build';
import { confirmPaymentIntent } from '../payments/payment-intents/lifecycle';
import { AUTHENTICATION_REQUIRED } from '../payments/cards/behaviour';
import { withCustomerTime } from '../customers/customer-time';
import { idOf } from '../../refs';

/**
 * The payer's customer: the session's own, or a new one when `customer_creation=always`; with
 * `if_required` (the default) a one-time payment makes none, as Stripe's guest checkouts.
 */
function payingCustomer(rt: Runtime, session: Stripe.Checkout.Session, payer: Payer, origin: EventOrigin): string | null {
  const existing = idOf(session.customer);
  if (existing) return existing;
  if (session.customer_creation !== 'always') return null;
  const created = createCustomer(rt, { email: payer.email, name: payer.name }, origin);
  // A retry after a decline pays as the same customer, as Checkout does.
  replaceSession(rt, session, { ...session, customer: created.id });
  return created.id;
}

/** The session's PaymentIntent: made on the first attempt and confirmed again on a retry, as Checkout does. */
function sessionPaymentIntent(rt: Runtime, session: Stripe.Checkout.Session, customer: string | null, origin: EventOrigin): Stripe.PaymentIntent {
  const existing = idOf(session.payment_intent);
  const current = existing ? rt.store.paymentIntents.get(existing) : undefined;
  if (current) return current;
  const data = rt.store.billing.checkoutPaymentData.get(session.id);
  const pi = insertPaymentIntent(
    rt,
    buildPaymentIntent(rt, {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      customer,
      description: data?.description ?? null,
      metadata: data?.metadata ?? {},
      shipping: data?.shipping ?? null,
      setupFutureUsage: data?.setupFutureUsage ?? null,
      captureMethod: data?.captureMethod ?? undefined,
      receiptEmail: data?.receiptEmail ?? null,
      allowedPaymentMethodTypes: ['card'],
    }),
    origin,
  );
  replaceSession(rt, session, { ...(rt.store.checkoutSessions.get(session.id) ?? session), payment_intent: pi.id });
  return pi;
}

/**
 * What Stripe does when a payment-mode Checkout Session is paid: the PaymentIntent is confirmed
 * with the card (the page has already run any 3D Secure), then the session completes. A decline
 * leaves the session open, its PaymentIntent waiting for another card.
 */
export function completePaymentCheckout(rt: Runtime, session: Stripe.Checkout.Session, payer: Payer, origin: EventOrigin): CheckoutResult {
  const customer = payingCustomer(rt, session, payer, origin);
  return withCustomerTime(rt, customer, () => {
    const pi = sessionPaymentIntent(rt, session, customer, origin);
    const outcome = confirmPaymentIntent(
      rt,
      pi,
      { paymentMethod: payer.paymentMethod, offSession: false, authenticated: payer.authenticated, offSessionAuthentication: 'fail' },
      origin,
    );
    if (outcome.kind === 'failed') return { ok: false, decline: outcome.decline };
    if (outcome.kind === 'requires_action') return { ok: false, decline: AUTHENTICATION_REQUIRED };
    const current = rt.store.checkoutSessions.get(session.id) ?? session;
    const completed: Stripe.Checkout.Session = {
      ...current,
      status: 'complete',
      // An authorisation awaiting capture is not paid yet.
      payment_status: outcome.paymentIntent.status === 'succeeded' ? 'paid' : 'unpaid',
      customer,
      customer_details: customerDetails(payer.email, payer.name),
      payment_intent: outcome.paymentIntent.id,
      url: null,
    };
    replaceSession(rt, current, completed);
    rt.bus.publish({ type: 'checkout.session.completed', data: { object: completed } }, origin);
    return { ok: true, session: completed };
  });
}
