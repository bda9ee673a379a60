import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { EventOrigin } from '../events/bus';
import { StripeApiError, badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { checkMinimumCharge } from '../billing/invoices/minimum-charge';
import { paymentMethodFromMagic, newCardPaymentMethod } from '../billing/payments/payment-method';
import { readCard } from './payment-methods';

export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;

/** `amount` in the currency's minor unit, at least what Stripe will charge. */
export function readAmount(p: Params, currency: string | undefined, required: boolean): number | undefined {
  const amount = p.integer('amount', { min: 1, max: 99_999_999 });
  if (amount === undefined) {
    if (required) throw missingParam('amount');
    return undefined;
  }
  if (currency) checkMinimumCharge(amount, currency);
  return amount;
}

export function readCurrency(p: Params, required: boolean): string | undefined {
  const currency = required ? p.requiredString('currency').toLowerCase() : p.string('currency')?.toLowerCase();
  if (currency !== undefined && !/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', `Invalid currency: ${currency}`);
  return currency;
}

export function readShipping(p: Params): Stripe.PaymentIntent.Shipping | null | undefined {
  if (p.raw.shipping === '') {
    p.string('shipping');
    return null;
  }
  const s = p.object('shipping');
  if (!s) return undefined;
  const a = s.object('address');
  const name = s.requiredString('name');
  return {
    name,
    phone: s.string('phone') ?? null,
    carrier: s.string('carrier') ?? null,
    tracking_number: s.string('tracking_number') ?? null,
    address: {
      line1: a?.string('line1') ?? null,
      line2: a?.string('line2') ?? null,
      city: a?.string('city') ?? null,
      state: a?.string('state') ?? null,
      postal_code: a?.string('postal_code') ?? null,
      country: a?.string('country') ?? null,
    },
  };
}

/** Which payment methods an intent takes, as the request chose them. */
export interface MethodChoice {
  /** `allowed_payment_method_types` as given (Stripe keeps it on the object), or null. */
  allowed: string[] | null;
  /** null when allowed_payment_method_types chose instead. */
  automatic: Stripe.PaymentIntent.AutomaticPaymentMethods | null;
}

/**
 * Since 2026-09-30.endive `payment_method_types` is no longer writable (400
 * payment_method_types_no_longer_supported); `allowed_payment_method_types` filters the dynamic
 * set silently and excludes automatic_payment_methods, excluded_payment_method_types and
 * payment_method_configuration (changelog 2026-07-29 "Adds the allowed payment method types
 * parameter"). Without either, automatic payment methods are on (changelog 2023-08-16). The
 * emulator has cards only: an allowed list without card is refused rather than pretended.
 */
export function readMethodChoice(p: Params, creating: boolean): MethodChoice | undefined {
  if (p.has('payment_method_types')) {
    p.stringArray('payment_method_types');
    throw new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'payment_method_types_no_longer_supported',
      param: 'payment_method_types',
      message:
        'payment_method_types is no longer supported on this API version. Use dynamic payment methods, or allowed_payment_method_types or excluded_payment_method_types to control which payment methods are offered.',
    });
  }
  const allowed = p.stringArray('allowed_payment_method_types');
  const automatic = readAutomaticPaymentMethods(p);
  const excluded = p.stringArray('excluded_payment_method_types');
  const configuration = p.string('payment_method_configuration');
  if (allowed !== undefined) {
    const other = automatic ? 'automatic_payment_methods' : excluded ? 'excluded_payment_method_types' : configuration ? 'payment_method_configuration' : null;
    if (other) throw badRequest(`You may only specify one of these parameters: allowed_payment_method_types, ${other}.`, 'allowed_payment_method_types');
    if (allowed.length === 0) throw invalidParam('allowed_payment_method_types', 'allowed_payment_method_types cannot be empty.');
    if (!allowed.includes('card')) {
      throw invalidParam('allowed_payment_method_types', 'None of the allowed payment method types can be used: the emulator supports card payments only.');
    }
    return { allowed, automatic: null };
  }
  if (excluded?.includes('card')) throw invalidParam('excluded_payment_method_types', 'The emulator supports card payments only; card cannot be excluded.');
  if (automatic) return { allowed: null, automatic };
  return creating ? { allowed: null, automatic: { enabled: true, allow_redirects: 'always' } } : undefined;
}

export function readAutomaticPaymentMethods(p: Params): Stripe.PaymentIntent.AutomaticPaymentMethods | undefined {
  const apm = p.object('automatic_payment_methods');
  if (!apm) return undefined;
  const enabled = apm.boolean('enabled');
  if (enabled === undefined) throw missingParam('automatic_payment_methods[enabled]');
  const allowRedirects = apm.oneOf('allow_redirects', ['always', 'never']);
  return { enabled, ...(allowRedirects ? { allow_redirects: allowRedirects } : { allow_redirects: 'always' as const }) };
}

/** Options Stripe takes that change nothing here; read so they are known, validated where they have values. */
export function readIgnoredOptions(p: Params): void {
  const card = p.object('payment_method_options')?.object('card');
  card?.oneOf('request_three_d_secure', ['any', 'automatic', 'challenge']);
  card?.oneOf('setup_future_usage', ['none', 'off_session', 'on_session']);
  card?.oneOf('capture_method', ['manual']);
  p.object('mandate_data')?.object('customer_acceptance')?.oneOf('type', ['offline', 'online']);
  p.boolean('use_stripe_sdk');
}

/** `off_session` is a boolean, or `one_off` / `recurring` (both off-session). */
export function readOffSession(p: Params): boolean | undefined {
  const raw = p.raw.off_session;
  if (raw === 'one_off' || raw === 'recurring') {
    p.string('off_session');
    return true;
  }
  return p.boolean('off_session');
}

/**
 * `payment_method` (an id, a card source's `card_…`, or a magic `pm_card_…`) or
 * `payment_method_data` (a card token): the PaymentMethod to charge, made now when new.
 */
export function readPaymentMethod(rt: Runtime, p: Params, _origin: EventOrigin): Stripe.PaymentMethod | undefined {
  const id = p.string('payment_method');
  const data = p.object('payment_method_data');
  if (id !== undefined && data) throw badRequest('You may only specify one of these parameters: payment_method, payment_method_data.', 'payment_method_data');
  if (data) {
    const type = data.requiredString('type');
    if (type !== 'card') throw invalidParam('payment_method_data[type]', `The emulator supports card payment methods only (got ${type}).`);
    const billing = data.object('billing_details');
    const details = { email: billing?.nullableString('email'), name: billing?.nullableString('name'), phone: billing?.nullableString('phone') };
    billing?.object('address');
    data.metadata();
    return newCardPaymentMethod(rt, readCard(rt, data), details);
  }
  if (id === undefined) return undefined;
  const pm = paymentMethodFromMagic(rt, id) ?? rt.store.paymentMethods.get(id);
  if (!pm) throw noSuchResource('payment_method', id, 'payment_method');
  return pm;
}
