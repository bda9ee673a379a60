import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { StripeApiError, badRequest, invalidParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { previousAttributes } from '../diff';
import { idOf } from '../refs';
import { requireCustomer } from './customers';
import { readAmount, readCurrency, readShipping } from './payment-intent-params';
import { buildCharge } from '../billing/payments/charge';
import { cardFromToken, createCardSource } from '../billing/payments/sources';
import { authorize } from '../billing/payments/cards/authorize';
import { AUTHENTICATION_REQUIRED } from '../billing/payments/cards/behaviour';
import { cardError } from '../billing/payments/cards/errors';
import { capturePaymentIntent } from '../billing/payments/payment-intents/lifecycle';
import { withCustomerTime } from '../billing/customers/customer-time';
import { randomToken } from '../ids';

function requireCharge(rt: Runtime, id: string): Stripe.Charge {
  const charge = rt.store.charges.get(id);
  if (!charge) throw noSuchResource('charge', id);
  return charge;
}

/**
 * The card a charge is made on (docs.stripe.com/api/charges/create#create_charge-source): a token
 * alone makes a one-off card; with `customer`, `source` must be one of that customer's cards, and
 * without it the customer's default source is charged.
 */
function chargedCard(rt: Runtime, source: string | undefined, customer: Stripe.Customer | null): Stripe.Card {
  if (customer) {
    const id = source ?? idOf(customer.default_source);
    if (id === null) throw badRequest('Cannot charge a customer that has no active card', 'card');
    const card = rt.store.cards.get(id);
    if (!card || card.customer !== customer.id) throw badRequest(`Customer ${customer.id} does not have a linked source with ID ${id}.`, 'source');
    return card;
  }
  if (source === undefined) throw badRequest('Must provide source or customer.');
  return createCardSource(rt, cardFromToken(rt, source, 'source'), null);
}

interface NewCharge {
  amount: number;
  currency: string;
  customer: Stripe.Customer | null;
  source: string | undefined;
  capture: boolean;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  shipping: Stripe.Charge.Shipping | null;
}

/**
 * One Charges API payment. That API has no 3D Secure step, so a card whose issuer asks for
 * authentication is declined with `authentication_required`; a decline records the failed charge
 * and answers 402 naming it, as Stripe does.
 */
function makeCharge(rt: Runtime, input: NewCharge, origin: EventOrigin): Stripe.Charge {
  const card = chargedCard(rt, input.source, input.customer);
  const pm = rt.store.paymentMethods.get(card.id);
  if (!pm) throw noSuchResource('source', card.id, 'source');
  const answer = authorize(rt, pm, { offSession: false, authenticated: false });
  const decline = answer.kind === 'declined' ? answer.decline : answer.kind === 'needs_authentication' ? AUTHENTICATION_REQUIRED : null;
  const built = buildCharge(rt, {
    amount: input.amount,
    currency: input.currency,
    customer: input.customer?.id ?? null,
    description: input.description,
    paymentIntent: null,
    paymentMethod: pm,
    source: card,
    decline,
    captured: input.capture,
    metadata: input.metadata,
    receiptEmail: input.receiptEmail,
    statementDescriptor: input.statementDescriptor,
  });
  const charge: Stripe.Charge = { ...built, shipping: input.shipping };
  rt.store.charges.insert(charge);
  rt.bus.publish({ type: decline ? 'charge.failed' : 'charge.succeeded', data: { object: charge } }, origin);
  if (decline) throw cardError(decline, undefined, { charge: charge.id });
  return charge;
}

/**
 * A charge's authorisation captured through the Charges API: all of it or `amount` of it, the
 * rest released (docs.stripe.com/api/charges/capture). A PaymentIntent's charge is captured
 * through its intent, so the two stay in step.
 */
function captureCharge(rt: Runtime, charge: Stripe.Charge, amount: number | undefined, origin: EventOrigin): Stripe.Charge {
  if (charge.captured)
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'charge_already_captured',
      message: `Charge ${charge.id} has already been captured.`,
    });
  if (charge.status !== 'succeeded') throw badRequest(`Charge ${charge.id} has failed and cannot be captured.`);
  if (charge.refunded)
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: `Charge ${charge.id} has already been refunded.`,
    });
  const value = amount ?? charge.amount;
  if (value > charge.amount) throw invalidParam('amount', `Amount to capture (${value}) must be at most the authorized amount (${charge.amount}).`);
  const piId = idOf(charge.payment_intent);
  const pi = piId ? rt.store.paymentIntents.get(piId) : undefined;
  if (pi) {
    capturePaymentIntent(rt, pi, value, origin);
    return requireCharge(rt, charge.id);
  }
  const captured: Stripe.Charge = {
    ...charge,
    captured: true,
    amount_captured: value,
    amount_refunded: charge.amount - value,
    refunded: false,
    balance_transaction: `txn_${randomToken(24)}`,
  };
  rt.store.charges.replace(captured);
  rt.bus.publish({ type: 'charge.captured', data: { object: captured, previous_attributes: previousAttributes(charge, captured) ?? {} } }, origin);
  return captured;
}

/** POST /v1/charges, /v1/charges/:id and /v1/charges/:id/capture; the reads live in payments.ts. */
export function chargeWriteRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const currency = readCurrency(p, true) ?? 'usd';
    const amount = readAmount(p, currency, true) ?? 0;
    const customerId = p.string('customer');
    const customer = customerId === undefined ? null : requireCustomer(rt, customerId, 'customer');
    const input: NewCharge = {
      amount,
      currency,
      customer,
      source: p.string('source'),
      capture: p.boolean('capture') ?? true,
      description: p.string('description') ?? null,
      metadata: p.metadata() ?? {},
      receiptEmail: p.string('receipt_email') ?? null,
      statementDescriptor: p.string('statement_descriptor') ?? null,
      shipping: readShipping(p) ?? null,
    };
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const charge = withCustomerTime(rt, customer, () => makeCharge(rt, input, originOf(c)));
    return sendObject(c, rt.store, charge, expand);
  });

  app.post('/:id/capture', (c) => {
    const p = paramsOf(c);
    const charge = requireCharge(rt, c.req.param('id'));
    const amount = p.integer('amount', { min: 1 });
    const receiptEmail = p.string('receipt_email');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const captured = withCustomerTime(rt, idOf(charge.customer), () => captureCharge(rt, charge, amount, originOf(c)));
    const next = receiptEmail === undefined ? captured : { ...captured, receipt_email: receiptEmail };
    if (next !== captured) rt.store.charges.replace(next);
    return sendObject(c, rt.store, next, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requireCharge(rt, c.req.param('id'));
    const customerId = p.string('customer');
    const description = p.nullableString('description');
    const metadata = p.metadata();
    const receiptEmail = p.nullableString('receipt_email');
    const shipping = readShipping(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    // A charge's customer can be set once, on a charge made without one.
    if (customerId !== undefined && current.customer !== null && idOf(current.customer) !== customerId) {
      throw badRequest(`The charge ${current.id} already has a customer; it cannot be changed.`, 'customer');
    }
    if (customerId !== undefined) requireCustomer(rt, customerId, 'customer');
    const next: Stripe.Charge = {
      ...current,
      customer: customerId ?? current.customer,
      description: description === undefined ? current.description : description,
      metadata: mergeMetadata(current.metadata, metadata),
      receipt_email: receiptEmail === undefined ? current.receipt_email : receiptEmail,
      shipping: shipping === undefined ? current.shipping : shipping,
    };
    rt.store.charges.replace(next);
    const previous = previousAttributes(current, next);
    if (previous) rt.bus.publish({ type: 'charge.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  return app;
}
