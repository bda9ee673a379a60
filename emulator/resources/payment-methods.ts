import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { eq, readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { StripeApiError, badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { idOf } from '../refs';
import { requireCustomer } from './customers';
import { updateCustomer } from '../billing/customers/customers';
import { describeCard, luhnValid } from '../billing/payments/cards/card-number';
import { magicCardNumber } from '../billing/payments/cards/test-cards';
import { attachPaymentMethod, newCardPaymentMethod, paymentMethodFromMagic } from '../billing/payments/payment-method';
import { withCustomerTime } from '../billing/customers/customer-time';
import { previousAttributes } from '../diff';

function readBilling(p: Params): { email?: string | null; name?: string | null; phone?: string | null } | undefined {
  const b = p.object('billing_details');
  if (!b) return undefined;
  b.object('address');
  return { email: b.nullableString('email'), name: b.nullableString('name'), phone: b.nullableString('phone') };
}

/** `card[token]=tok_visa`, or raw test numbers (`card[number]`…), which Stripe takes in test mode. */
export function readCard(rt: Runtime, p: Params) {
  const card = p.object('card');
  if (!card) throw missingParam('card');
  const token = card.string('token');
  const number = card.string('number')?.replace(/[\s-]/g, '');
  const expMonth = card.integer('exp_month', { min: 1, max: 12 });
  const expYear = card.integer('exp_year');
  card.string('cvc');
  const year = new Date(rt.clock.now() * 1000).getUTCFullYear();
  if (token !== undefined) {
    const fromToken = magicCardNumber(token);
    if (!fromToken) throw noSuchResource('token', token, 'card[token]');
    return describeCard(fromToken, 12, year + 5);
  }
  if (number === undefined) throw missingParam('card[number]');
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) throw badRequest('Your card number is incorrect.', 'card[number]');
  if (expMonth === undefined) throw missingParam('card[exp_month]');
  if (expYear === undefined) throw missingParam('card[exp_year]');
  const fullYear = expYear < 100 ? 2000 + expYear : expYear;
  checkNotExpired(rt, expMonth, fullYear);
  return describeCard(number, expMonth, fullYear);
}

/** A card past its expiry is refused when it is made, with Stripe's card errors (docs.stripe.com/error-codes). */
function checkNotExpired(rt: Runtime, month: number, year: number): void {
  const now = new Date(rt.clock.now() * 1000);
  const thisYear = now.getUTCFullYear();
  const expired = (code: 'invalid_expiry_year' | 'invalid_expiry_month', param: string, what: string) =>
    new StripeApiError(402, {
      type: 'card_error',
      code,
      param,
      message: `Your card's expiration ${what} is invalid.`,
      doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`,
    });
  if (year < thisYear) throw expired('invalid_expiry_year', 'exp_year', 'year');
  if (year === thisYear && month < now.getUTCMonth() + 1) throw expired('invalid_expiry_month', 'exp_month', 'month');
}

function requirePaymentMethod(rt: Runtime, id: string): Stripe.PaymentMethod {
  const pm = rt.store.paymentMethods.get(id);
  if (!pm) throw noSuchResource('PaymentMethod', id);
  return pm;
}

export function paymentMethodRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.PaymentMethod>(rt, {
    collection: (r) => r.store.paymentMethods,
    kind: 'PaymentMethod',
    url: '/v1/payment_methods',
    filters: (p) => [eq(p.string('customer'), (pm) => idOf(pm.customer)), eq(p.string('type'), (pm) => pm.type)],
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const type = p.requiredString('type');
    if (type !== 'card') throw invalidParam('type', `The emulator supports card payment methods only (got ${type}).`);
    const card = readCard(rt, p);
    const billing = readBilling(p) ?? {};
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const pm = newCardPaymentMethod(rt, card, billing);
    const stored = rt.store.paymentMethods.replace({ ...pm, metadata: metadata ?? {} });
    return sendObject(c, rt.store, stored, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requirePaymentMethod(rt, c.req.param('id'));
    const billing = readBilling(p);
    const card = p.object('card');
    const expMonth = card?.integer('exp_month', { min: 1, max: 12 });
    const expYear = card?.integer('exp_year');
    const metadata = p.metadata();
    p.oneOf('allow_redisplay', ['always', 'limited', 'unspecified']);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const next: Stripe.PaymentMethod = {
      ...current,
      billing_details: billing ? { ...current.billing_details, ...billing } : current.billing_details,
      card: current.card ? { ...current.card, exp_month: expMonth ?? current.card.exp_month, exp_year: expYear ?? current.card.exp_year } : undefined,
      metadata: mergeMetadata(current.metadata ?? {}, metadata),
    };
    rt.store.paymentMethods.replace(next);
    const previous = previousAttributes(current, next);
    if (previous) rt.bus.publish({ type: 'payment_method.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  app.post('/:id/attach', (c) => {
    const p = paramsOf(c);
    const customer = requireCustomer(rt, p.requiredString('customer'), 'customer');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const id = c.req.param('id');
    return withCustomerTime(rt, customer, () => {
      // pm_card_visa and friends: each attach makes a fresh PaymentMethod, as Stripe does.
      const pm = paymentMethodFromMagic(rt, id) ?? requirePaymentMethod(rt, id);
      return sendObject(c, rt.store, attachPaymentMethod(rt, pm, customer.id, originOf(c)), expand);
    });
  });

  app.post('/:id/detach', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const pm = requirePaymentMethod(rt, c.req.param('id'));
    const customerId = idOf(pm.customer);
    if (customerId === null) throw badRequest(`The payment method you provided is not attached to a customer so detachment is impossible.`);
    const detached: Stripe.PaymentMethod = { ...pm, customer: null };
    rt.store.paymentMethods.replace(detached);
    const origin = originOf(c);
    const customer = rt.store.customers.get(customerId);
    if (customer && idOf(customer.invoice_settings.default_payment_method) === pm.id) {
      updateCustomer(rt, customer, { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } }, origin);
    }
    rt.bus.publish({ type: 'payment_method.detached', data: { object: detached, previous_attributes: { customer: customerId } } }, origin);
    return sendObject(c, rt.store, detached, expand);
  });

  return app;
}
