import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { badRequest, noSuchResource } from '../../http/errors';
import { newId, randomToken } from '../../ids';
import { cardError } from './cards/errors';
import { attachPaymentMethod, paymentMethodFromMagic } from './payment-method';
import { behaviourOf, markSetUpForOffSession, setupNeedsAuthentication } from './cards/authorize';
import { authenticationUrl } from '../../hosted/urls';

export interface SetupIntentInput {
  customer: string | null;
  paymentMethod: string | null;
  metadata: Record<string, string>;
  description: string | null;
  usage: 'off_session' | 'on_session';
  /** Since 2023-08-16, null only when payment_method_types was given (Checkout's own intents give it). */
  automaticPaymentMethods?: Stripe.SetupIntent.AutomaticPaymentMethods | null;
  allowedPaymentMethodTypes?: string[] | null;
}

/** A payment method id as a SetupIntent takes it: magic ids make a fresh card, others must exist. */
export function resolvePaymentMethod(rt: Runtime, id: string, param: string): Stripe.PaymentMethod {
  const pm = paymentMethodFromMagic(rt, id) ?? rt.store.paymentMethods.get(id);
  if (!pm) throw noSuchResource('PaymentMethod', id, param);
  return pm;
}

export function createSetupIntent(rt: Runtime, input: SetupIntentInput, origin: EventOrigin): Stripe.SetupIntent {
  const id = newId('seti');
  const si: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: input.allowedPaymentMethodTypes ?? null,
    application: null,
    automatic_payment_methods: input.automaticPaymentMethods ?? null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(24)}`,
    created: rt.clock.now(),
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: input.automaticPaymentMethods?.enabled ? { id: 'pmc_emulator_default', parent: null } : null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: input.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage: input.usage,
  };
  rt.store.setupIntents.insert(si);
  rt.bus.publish({ type: 'setup_intent.created', data: { object: si } }, origin);
  return si;
}

type SetupIntentEvent = 'setup_intent.succeeded' | 'setup_intent.setup_failed' | 'setup_intent.canceled' | 'setup_intent.requires_action';

/** Stores the new state; Stripe's outcome events carry the object only (no previous_attributes). */
export function replaceSetupIntent(rt: Runtime, next: Stripe.SetupIntent, origin: EventOrigin, type: SetupIntentEvent | null): void {
  rt.store.setupIntents.replace(next);
  if (type) rt.bus.publish({ type, data: { object: next } }, origin);
}

/**
 * Confirms with the intent's payment method: the card is verified and, with a customer, attached
 * to it. A card that declines at attach (0002, 9995, 0069) leaves the intent waiting for another
 * payment method, with the decline in last_setup_error, and answers 402 as Stripe does; 0341 passes.
 */
/**
 * "When confirming a SetupIntent, you're now required to provide a return_url" unless redirects
 * are off (docs.stripe.com/changelog/2023-08-16/automatic-payment-methods).
 */
export function checkSetupReturnUrl(si: Pick<Stripe.SetupIntent, 'automatic_payment_methods'>, returnUrl: string | undefined): void {
  const apm = si.automatic_payment_methods;
  if (!apm?.enabled || apm.allow_redirects === 'never' || returnUrl !== undefined) return;
  throw badRequest(
    'This SetupIntent is configured to accept payment methods enabled in your Dashboard, because automatic_payment_methods is enabled. Some of these payment methods may redirect your customer off of your page and you must provide a `return_url`. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
    'return_url',
  );
}

export function assertConfirmable(si: Stripe.SetupIntent): void {
  if (si.status !== 'requires_confirmation' && si.status !== 'requires_payment_method') {
    throw badRequest(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, 'intent');
  }
}

export interface SetupConfirmation {
  /** The cardholder has just completed 3D Secure on a hosted page (Checkout, the authentication page). */
  authenticated?: boolean;
  returnUrl?: string | null;
}

function nextAction(rt: Runtime, si: Stripe.SetupIntent, returnUrl: string | null): Stripe.SetupIntent.NextAction {
  const url = authenticationUrl(rt, si.id);
  if (returnUrl) return { type: 'redirect_to_url', redirect_to_url: { url, return_url: returnUrl } };
  return { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url } };
}

/**
 * Verifies the card and, with a customer, attaches it. Cards whose issuer wants 3D Secure to be
 * saved (3155, 3184, 3220, …) wait in requires_action until the cardholder authenticates; once
 * done with usage=off_session, later off-session payments on 3155 go through without it.
 */
export function confirmSetupIntent(rt: Runtime, si: Stripe.SetupIntent, origin: EventOrigin, opts: SetupConfirmation = {}): Stripe.SetupIntent {
  if (si.status !== 'requires_action') assertConfirmable(si);
  const pmId = typeof si.payment_method === 'string' ? si.payment_method : (si.payment_method?.id ?? null);
  const pm = pmId ? rt.store.paymentMethods.get(pmId) : undefined;
  if (!pm) {
    throw badRequest(
      "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.",
      'payment_method',
    );
  }
  const decline = behaviourOf(rt, pm).attach;
  if (decline) {
    const error = cardError(decline, 'payment_method');
    const failed: Stripe.SetupIntent = {
      ...si,
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_setup_error: { code: decline.code, decline_code: decline.declineCode, message: decline.message, payment_method: pm, type: 'card_error' },
    };
    replaceSetupIntent(rt, failed, origin, 'setup_intent.setup_failed');
    throw error;
  }
  if (!opts.authenticated && setupNeedsAuthentication(rt, pm)) {
    const waiting: Stripe.SetupIntent = {
      ...si,
      status: 'requires_action',
      payment_method: pm.id,
      last_setup_error: null,
      next_action: nextAction(rt, si, opts.returnUrl ?? null),
    };
    replaceSetupIntent(rt, waiting, origin, 'setup_intent.requires_action');
    return waiting;
  }
  const customerId = typeof si.customer === 'string' ? si.customer : (si.customer?.id ?? null);
  if (customerId) attachPaymentMethod(rt, pm, customerId, origin, 'payment_method');
  if (si.usage === 'off_session') markSetUpForOffSession(rt, pm.id);
  const succeeded: Stripe.SetupIntent = { ...si, status: 'succeeded', payment_method: pm.id, last_setup_error: null, next_action: null };
  replaceSetupIntent(rt, succeeded, origin, 'setup_intent.succeeded');
  return succeeded;
}

/** The cardholder pressed "Fail" on the authentication page. */
export function failSetupAuthentication(rt: Runtime, si: Stripe.SetupIntent, origin: EventOrigin): Stripe.SetupIntent {
  const pmId = typeof si.payment_method === 'string' ? si.payment_method : (si.payment_method?.id ?? null);
  const pm = pmId ? rt.store.paymentMethods.get(pmId) : undefined;
  const failed: Stripe.SetupIntent = {
    ...si,
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_setup_error: {
      code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
      type: 'invalid_request_error',
      ...(pm ? { payment_method: pm } : {}),
    },
  };
  replaceSetupIntent(rt, failed, origin, 'setup_intent.setup_failed');
  return failed;
}
