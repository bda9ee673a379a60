import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import type { Decline } from '../cards/behaviour';
import { AUTHENTICATION_REQUIRED } from '../cards/behaviour';
import { authorize, markSetUpForOffSession } from '../cards/authorize';
import { buildCharge } from '../charge';
import { attachPaymentMethod } from '../payment-method';
import { savePaymentIntent } from './build';
import { authenticationUrl } from '../../../hosted/urls';
import { idOf } from '../../../refs';

export interface AttemptInput {
  paymentMethod: Stripe.PaymentMethod;
  /** The customer is not there to authenticate: renewals, retries, invoices.pay, `off_session: true`. */
  offSession: boolean;
  /** The cardholder has just completed 3D Secure for this attempt on a hosted page. */
  authenticated: boolean;
  /**
   * An off-session attempt the issuer wants authenticated: Stripe's own invoice attempts leave the
   * PaymentIntent waiting for the customer (`requires_action`), while an API confirmation with
   * `off_session: true` fails with `authentication_required` (docs.stripe.com/payments/save-and-reuse).
   */
  offSessionAuthentication: 'require_action' | 'fail';
  returnUrl?: string | null;
  /** `error_on_requires_action`: fail instead of asking for authentication. */
  errorOnRequiresAction?: boolean;
}

export type AttemptOutcome =
  | { kind: 'succeeded'; paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge }
  | { kind: 'requires_action'; paymentIntent: Stripe.PaymentIntent }
  | { kind: 'failed'; paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge | null; decline: Decline };

/** The action a client takes to authenticate: a redirect when a return_url was given, else Stripe.js's modal. */
export function nextActionFor(rt: Runtime, pi: Stripe.PaymentIntent, returnUrl: string | null): Stripe.PaymentIntent.NextAction {
  const url = authenticationUrl(rt, pi.id);
  if (returnUrl) return { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } };
  return { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url } };
}

function paymentError(decline: Decline, charge: Stripe.Charge | null, pm: Stripe.PaymentMethod): Stripe.PaymentIntent.LastPaymentError {
  return {
    type: 'card_error',
    ...(charge ? { charge: charge.id } : {}),
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    payment_method: pm,
  };
}

function fail(rt: Runtime, pi: Stripe.PaymentIntent, input: AttemptInput, decline: Decline, withCharge: boolean, origin: EventOrigin): AttemptOutcome {
  const pm = input.paymentMethod;
  const charge = withCharge
    ? buildCharge(rt, {
        amount: pi.amount,
        currency: pi.currency,
        customer: idOf(pi.customer),
        description: pi.description,
        paymentIntent: pi.id,
        paymentMethod: pm,
        decline,
        captured: false,
        metadata: pi.metadata ?? {},
      })
    : null;
  if (charge) {
    rt.store.charges.insert(charge);
    rt.bus.publish({ type: 'charge.failed', data: { object: charge } }, origin);
  }
  const failed = savePaymentIntent(
    rt,
    {
      ...pi,
      payment_method: null,
      latest_charge: charge?.id ?? pi.latest_charge,
      next_action: null,
      status: 'requires_payment_method',
      last_payment_error: paymentError(decline, charge, pm),
    },
    origin,
    'payment_intent.payment_failed',
  );
  return { kind: 'failed', paymentIntent: failed, charge, decline };
}

function succeed(rt: Runtime, pi: Stripe.PaymentIntent, input: AttemptInput, origin: EventOrigin): AttemptOutcome {
  const pm = input.paymentMethod;
  const customer = idOf(pi.customer);
  // A payment made to be reused later saves the card on the customer, authenticated for off-session use.
  if (pi.setup_future_usage && customer) {
    attachPaymentMethod(rt, rt.store.paymentMethods.get(pm.id) ?? pm, customer, origin);
    if (pi.setup_future_usage === 'off_session') markSetUpForOffSession(rt, pm.id);
  }
  // A card charged without being saved to a customer is spent: Stripe will not charge it again.
  if ((rt.store.paymentMethods.get(pm.id) ?? pm).customer === null) rt.store.billing.spentPaymentMethods.add(pm.id);
  const manual = pi.capture_method === 'manual';
  const charge = buildCharge(rt, {
    amount: pi.amount,
    currency: pi.currency,
    customer,
    description: pi.description,
    paymentIntent: pi.id,
    paymentMethod: pm,
    decline: null,
    captured: !manual,
    metadata: pi.metadata ?? {},
    receiptEmail: pi.receipt_email,
    statementDescriptor: pi.statement_descriptor,
  });
  rt.store.charges.insert(charge);
  rt.bus.publish({ type: 'charge.succeeded', data: { object: charge } }, origin);
  const base = { ...pi, payment_method: pm.id, latest_charge: charge.id, last_payment_error: null, next_action: null };
  const next: Stripe.PaymentIntent = manual
    ? { ...base, status: 'requires_capture', amount_capturable: pi.amount }
    : { ...base, status: 'succeeded', amount_received: pi.amount };
  const saved = savePaymentIntent(rt, next, origin, manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded');
  return { kind: 'succeeded', paymentIntent: saved, charge };
}

/**
 * One confirmation of a PaymentIntent with a card: the issuer approves (a charge, captured or
 * authorised), declines (a failed charge, the intent waits for another payment method), or asks
 * for 3D Secure (the intent waits in requires_action; no charge exists until it is done).
 */
export function attemptPayment(rt: Runtime, pi: Stripe.PaymentIntent, input: AttemptInput, origin: EventOrigin): AttemptOutcome {
  const pm = input.paymentMethod;
  const answer = authorize(rt, pm, { offSession: input.offSession, authenticated: input.authenticated });
  if (answer.kind === 'declined') return fail(rt, pi, input, answer.decline, true, origin);
  if (answer.kind === 'approved') return succeed(rt, pi, input, origin);
  if (input.errorOnRequiresAction) {
    const decline: Decline = {
      code: 'payment_intent_action_required',
      declineCode: 'authentication_required',
      message: 'The provided payment method requires customer actions to complete, but error_on_requires_action was set.',
    };
    return fail(rt, pi, input, decline, false, origin);
  }
  if (input.offSession && input.offSessionAuthentication === 'fail') return fail(rt, pi, input, AUTHENTICATION_REQUIRED, true, origin);
  const waiting = savePaymentIntent(
    rt,
    { ...pi, payment_method: pm.id, status: 'requires_action', last_payment_error: null, next_action: nextActionFor(rt, pi, input.returnUrl ?? null) },
    origin,
    'payment_intent.requires_action',
  );
  return { kind: 'requires_action', paymentIntent: waiting };
}

/** The cardholder pressed "Fail" on the authentication page: no charge, the intent needs another payment method. */
export function failAuthentication(rt: Runtime, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod | null, origin: EventOrigin): Stripe.PaymentIntent {
  return savePaymentIntent(
    rt,
    {
      ...pi,
      payment_method: null,
      next_action: null,
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
        ...(pm ? { payment_method: pm } : {}),
      },
    },
    origin,
    'payment_intent.payment_failed',
  );
}
