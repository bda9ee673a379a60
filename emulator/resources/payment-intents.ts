import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { EventOrigin } from '../events/bus';
import type { AttemptOutcome } from '../billing/payments/payment-intents/attempt';
import type { ConfirmRequest } from '../billing/payments/payment-intents/rules';
import { eq, readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { StripeApiError, badRequest, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { toJson } from '../json';
import { idOf } from '../refs';
import { requireCustomer } from './customers';
import { withCustomerTime } from '../billing/customers/customer-time';
import { cardError } from '../billing/payments/cards/errors';
import { buildPaymentIntent, insertPaymentIntent, savePaymentIntent } from '../billing/payments/payment-intents/build';
import { assertConfirmable, cancelPaymentIntent, capturePaymentIntent, confirmPaymentIntent, invoiceOf } from '../billing/payments/payment-intents/lifecycle';
import { checkConfirmRequest, checkOnlyWithConfirm, checkPaymentMethodOwner } from '../billing/payments/payment-intents/rules';
import {
  CAPTURE_METHODS,
  readAmount,
  readCurrency,
  readIgnoredOptions,
  readMethodChoice,
  readOffSession,
  readPaymentMethod,
  readShipping,
} from './payment-intent-params';

const CANCELLATION_REASONS = ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const;

export function requirePaymentIntent(rt: Runtime, id: string): Stripe.PaymentIntent {
  const pi = rt.store.paymentIntents.get(id);
  if (!pi) throw noSuchResource('payment_intent', id, 'intent');
  return pi;
}

function readConfirmRequest(p: Params): ConfirmRequest & { given: Record<string, boolean> } {
  const offSession = readOffSession(p);
  const returnUrl = p.string('return_url');
  const errorOnRequiresAction = p.boolean('error_on_requires_action');
  return {
    offSession: offSession ?? false,
    returnUrl: returnUrl ?? null,
    errorOnRequiresAction: errorOnRequiresAction ?? false,
    given: { off_session: offSession !== undefined, return_url: returnUrl !== undefined, error_on_requires_action: errorOnRequiresAction !== undefined },
  };
}

/**
 * A declined confirmation answers 402 with the charge and the PaymentIntent as it now is, as
 * Stripe's card errors do; authentication and success answer 200 with the intent.
 */
function answer(outcome: AttemptOutcome): Stripe.PaymentIntent {
  if (outcome.kind !== 'failed') return outcome.paymentIntent;
  throw cardError(outcome.decline, undefined, {
    ...(outcome.charge ? { charge: outcome.charge.id } : {}),
    payment_intent: toJson(outcome.paymentIntent),
  });
}

function confirm(rt: Runtime, pi: Stripe.PaymentIntent, req: ConfirmRequest, origin: EventOrigin): Stripe.PaymentIntent {
  assertConfirmable(pi);
  const pmId = idOf(pi.payment_method);
  const pm = pmId ? rt.store.paymentMethods.get(pmId) : undefined;
  if (!pm) {
    throw badRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with this customer, update the PaymentIntent with a payment method and then confirm it again.",
      'payment_method',
    );
  }
  checkConfirmRequest(pi, req);
  checkPaymentMethodOwner(rt, pi, pm);
  // A manual-confirmation intent the cardholder has just authenticated goes through on the server's confirm.
  const authenticated = rt.store.billing.authenticatedIntents.get(pi.id) === pm.id;
  rt.store.billing.authenticatedIntents.delete(pi.id);
  return withCustomerTime(rt, idOf(pi.customer), () =>
    answer(
      confirmPaymentIntent(
        rt,
        pi,
        {
          paymentMethod: pm,
          offSession: req.offSession,
          authenticated,
          offSessionAuthentication: 'fail',
          returnUrl: req.returnUrl,
          errorOnRequiresAction: req.errorOnRequiresAction,
        },
        origin,
      ),
    ),
  );
}

/** The payment method a request names, checked against the intent's customer before anything is saved. */
function withPaymentMethod(rt: Runtime, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod | undefined): Stripe.PaymentIntent {
  if (!pm) return pi;
  checkPaymentMethodOwner(rt, pi, pm);
  return { ...pi, payment_method: pm.id, status: 'requires_confirmation', next_action: null };
}

/** /v1/payment_intents: create (and confirm), update, confirm, capture, cancel, retrieve, list. */
export function paymentIntentRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.PaymentIntent>(rt, {
    collection: (r) => r.store.paymentIntents,
    kind: 'payment_intent',
    url: '/v1/payment_intents',
    filters: (p) => [eq(p.string('customer'), (pi) => idOf(pi.customer))],
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const currency = readCurrency(p, true);
    const amount = readAmount(p, currency, true) ?? 0;
    const customerId = p.string('customer');
    const customer = customerId ? requireCustomer(rt, customerId, 'customer') : null;
    const methods = readMethodChoice(p, true) ?? { allowed: null, automatic: null };
    const shouldConfirm = p.boolean('confirm') ?? false;
    const req = readConfirmRequest(p);
    checkOnlyWithConfirm(shouldConfirm, req.given);
    const origin = originOf(c);
    const pm = readPaymentMethod(rt, p, origin);
    const input = {
      amount,
      currency: currency ?? 'usd',
      customer: customer?.id ?? null,
      description: p.nullableString('description') ?? null,
      metadata: p.metadata() ?? {},
      captureMethod: p.oneOf('capture_method', CAPTURE_METHODS),
      confirmationMethod: p.oneOf('confirmation_method', ['automatic', 'manual']),
      setupFutureUsage: p.oneOf('setup_future_usage', ['off_session', 'on_session']) ?? null,
      allowedPaymentMethodTypes: methods.allowed,
      automaticPaymentMethods: methods.automatic,
      receiptEmail: p.nullableString('receipt_email') ?? null,
      statementDescriptor: p.nullableString('statement_descriptor') ?? null,
      statementDescriptorSuffix: p.nullableString('statement_descriptor_suffix') ?? null,
      shipping: readShipping(p) ?? null,
    };
    readIgnoredOptions(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const draft = withPaymentMethod(rt, buildPaymentIntent(rt, input), pm);
    // Everything is checked before the intent exists, so a refused confirm leaves nothing behind.
    if (shouldConfirm && !pm) {
      throw badRequest(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with this customer, update the PaymentIntent with a payment method and then confirm it again.",
        'payment_method',
      );
    }
    if (shouldConfirm) checkConfirmRequest(draft, req);
    const pi = withCustomerTime(rt, customer, () => insertPaymentIntent(rt, draft, origin));
    return sendObject(c, rt.store, shouldConfirm ? confirm(rt, pi, req, origin) : pi, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const pi = requirePaymentIntent(rt, c.req.param('id'));
    const origin = originOf(c);
    const currency = readCurrency(p, false);
    const amount = readAmount(p, currency ?? pi.currency, false);
    const customerId = p.string('customer');
    const metadata = p.metadata();
    const description = p.nullableString('description');
    const receiptEmail = p.nullableString('receipt_email');
    const setupFutureUsage = p.oneOf('setup_future_usage', ['off_session', 'on_session', '']);
    const captureMethod = p.oneOf('capture_method', CAPTURE_METHODS);
    const shipping = readShipping(p);
    const statementDescriptor = p.nullableString('statement_descriptor');
    const statementDescriptorSuffix = p.nullableString('statement_descriptor_suffix');
    const pm = readPaymentMethod(rt, p, origin);
    const methods = readMethodChoice(p, false);
    readIgnoredOptions(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const terminal = pi.status === 'succeeded' || pi.status === 'canceled' || pi.status === 'processing';
    const onlyNotes =
      amount === undefined &&
      currency === undefined &&
      customerId === undefined &&
      pm === undefined &&
      setupFutureUsage === undefined &&
      methods === undefined &&
      captureMethod === undefined &&
      shipping === undefined &&
      receiptEmail === undefined;
    if ((terminal || pi.status === 'requires_capture') && !onlyNotes) {
      // Once paid, authorised or canceled, only the notes on an intent may change.
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot update this PaymentIntent's payment details because it has a status of ${pi.status}. Only its metadata and description may be updated.`,
      });
    }
    if (invoiceOf(rt, pi) && (amount !== undefined || currency !== undefined || customerId !== undefined)) {
      throw badRequest('This PaymentIntent was created by an invoice: its amount, currency and customer follow the invoice and cannot be updated.');
    }
    const customer = customerId ? requireCustomer(rt, customerId, 'customer').id : idOf(pi.customer);
    let next: Stripe.PaymentIntent = {
      ...pi,
      amount: amount ?? pi.amount,
      currency: currency ?? pi.currency,
      customer,
      metadata: mergeMetadata(pi.metadata ?? {}, metadata),
      description: description === undefined ? pi.description : description,
      receipt_email: receiptEmail === undefined ? pi.receipt_email : receiptEmail,
      setup_future_usage: setupFutureUsage === undefined ? pi.setup_future_usage : setupFutureUsage === '' ? null : setupFutureUsage,
      capture_method: captureMethod ?? pi.capture_method,
      shipping: shipping === undefined ? pi.shipping : shipping,
      statement_descriptor: statementDescriptor === undefined ? pi.statement_descriptor : statementDescriptor,
      statement_descriptor_suffix: statementDescriptorSuffix === undefined ? pi.statement_descriptor_suffix : statementDescriptorSuffix,
      ...(methods ? { allowed_payment_method_types: methods.allowed, automatic_payment_methods: methods.automatic } : {}),
    };
    next = withPaymentMethod(rt, next, pm);
    return sendObject(c, rt.store, savePaymentIntent(rt, next, origin, null), expand);
  });

  app.post('/:id/confirm', (c) => {
    const p = paramsOf(c);
    const pi = requirePaymentIntent(rt, c.req.param('id'));
    const origin = originOf(c);
    const req = readConfirmRequest(p);
    const pm = readPaymentMethod(rt, p, origin);
    const receiptEmail = p.nullableString('receipt_email');
    const setupFutureUsage = p.oneOf('setup_future_usage', ['off_session', 'on_session', '']);
    const captureMethod = p.oneOf('capture_method', CAPTURE_METHODS);
    const shipping = readShipping(p);
    readMethodChoice(p, false);
    readIgnoredOptions(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    assertConfirmable(pi);
    let ready: Stripe.PaymentIntent = {
      ...pi,
      receipt_email: receiptEmail === undefined ? pi.receipt_email : receiptEmail,
      setup_future_usage: setupFutureUsage === undefined ? pi.setup_future_usage : setupFutureUsage === '' ? null : setupFutureUsage,
      capture_method: captureMethod ?? pi.capture_method,
      shipping: shipping === undefined ? pi.shipping : shipping,
    };
    ready = withPaymentMethod(rt, ready, pm);
    checkConfirmRequest(ready, req);
    if (ready !== pi) rt.store.paymentIntents.replace(ready);
    return sendObject(c, rt.store, confirm(rt, ready, req, origin), expand);
  });

  app.post('/:id/capture', (c) => {
    const p = paramsOf(c);
    const pi = requirePaymentIntent(rt, c.req.param('id'));
    const amountToCapture = p.integer('amount_to_capture', { min: 1 });
    const metadata = p.metadata();
    p.nullableString('statement_descriptor');
    p.nullableString('statement_descriptor_suffix');
    p.boolean('final_capture');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    const withNotes = metadata === undefined ? pi : { ...pi, metadata: mergeMetadata(pi.metadata ?? {}, metadata) };
    return sendObject(
      c,
      rt.store,
      withCustomerTime(rt, idOf(pi.customer), () => capturePaymentIntent(rt, withNotes, amountToCapture, origin)),
      expand,
    );
  });

  app.post('/:id/cancel', (c) => {
    const p = paramsOf(c);
    const pi = requirePaymentIntent(rt, c.req.param('id'));
    const reason = p.oneOf('cancellation_reason', CANCELLATION_REASONS) ?? null;
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const origin = originOf(c);
    return sendObject(
      c,
      rt.store,
      withCustomerTime(rt, idOf(pi.customer), () => cancelPaymentIntent(rt, pi, reason, origin)),
      expand,
    );
  });

  return app;
}
