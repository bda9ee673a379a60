import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { EventOrigin } from '../events/bus';
import { badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { checkMinimumCharge } from '../billing/minimum-charge';
import { paymentMethodFromMagic, newCardPaymentMethod } from '../billing/payment-method';
import { readCard } from './payment-methods';

export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const CARD_ONLY = ['card'] as const;

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

/** Only cards exist in the emulator; any other type is refused rather than pretended. */
export function readAllowedTypes(p: Params): string[] | undefined {
  const types = p.stringArray('allowed_payment_method_types');
  if (types === undefined) return undefined;
  if (types.length === 0) throw invalidParam('allowed_payment_method_types', 'allowed_payment_method_types cannot be empty.');
  for (const t of types) {
    if (!CARD_ONLY.includes(t as 'card')) {
      throw invalidParam('allowed_payment_method_types', `The emulator supports card payments only; '${t}' is not available.`);
    }
  }
  return types;
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
