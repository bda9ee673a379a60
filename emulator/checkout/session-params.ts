import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import type { CheckoutSetupData, CheckoutSubscriptionData } from '../store';
import { badRequest, invalidParam, missingParam } from '../http/errors';
import { requirePrice } from '../resources/prices';
import { requireCustomer } from '../resources/customers';
import type { CouponRef } from '../billing/subscriptions/update-subscription';
import { readDiscounts } from '../resources/discount-params';
import type { CheckoutPaymentData } from '../billing/state';
import { readCustomerCreation, readPaymentIntentData } from './payment-params';

type Mode = 'subscription' | 'setup' | 'payment';

export interface SessionLine {
  price: Stripe.Price;
  quantity: number;
}

export interface SessionInput {
  mode: Mode;
  /** Empty in setup mode, where nothing is bought. */
  lines: SessionLine[];
  /** Setup mode only: what goes on the SetupIntent the session creates. */
  setupIntentData: CheckoutSetupData | null;
  /** Payment mode only: what goes on the PaymentIntent the session makes when it is paid. */
  paymentIntentData: CheckoutPaymentData | null;
  /** Payment mode only (the other modes always have a customer in the end). */
  customerCreation: 'always' | 'if_required' | null;
  currency: string | null;
  customer: Stripe.Customer | null;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  subscriptionData: CheckoutSubscriptionData;
  expiresAt: number | null;
  coupons: CouponRef[];
  allowPromotionCodes: boolean;
}

function readLines(rt: Runtime, p: Params, mode: Mode): SessionLine[] {
  const items = p.objectArray('line_items');
  if (!items || items.length === 0) throw missingParam('line_items');
  const lines = items.map((item, i) => {
    const priceId = item.string('price');
    if (!priceId) throw missingParam(`line_items[${i}][price]`);
    const quantity = item.integer('quantity', { min: 1 });
    if (quantity === undefined) throw missingParam(`line_items[${i}][quantity]`);
    const price = requirePrice(rt, priceId, `line_items[${i}][price]`);
    if (!price.active) throw invalidParam(`line_items[${i}][price]`, `The price \`${price.id}\` is not active.`);
    if (mode === 'payment' && price.recurring) {
      throw invalidParam(
        `line_items[${i}][price]`,
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      );
    }
    if (mode === 'subscription' && !price.recurring) {
      throw invalidParam(`line_items[${i}][price]`, 'In subscription mode, every line item in this emulator must use a recurring price.');
    }
    return { price, quantity };
  });
  const [first] = lines;
  for (const [i, line] of lines.entries()) {
    if (line.price.currency !== first.price.currency) {
      throw invalidParam(`line_items[${i}][price]`, 'All prices on a Checkout Session must share one currency.');
    }
    const a = line.price.recurring;
    const b = first.price.recurring;
    if (a && b && (a.interval !== b.interval || a.interval_count !== b.interval_count)) {
      throw invalidParam(`line_items[${i}][price]`, 'Checkout does not support multiple prices with different billing intervals.');
    }
  }
  return lines;
}

function readSubscriptionData(p: Params): CheckoutSubscriptionData {
  const sd = p.object('subscription_data');
  const trial = sd?.integer('trial_period_days');
  if (trial !== undefined && (trial < 1 || trial > 730)) {
    throw invalidParam('subscription_data[trial_period_days]', 'trial_period_days must be between 1 and 730.');
  }
  return { metadata: sd?.metadata() ?? {}, trialPeriodDays: trial ?? null, description: sd?.string('description') ?? null };
}

function readUrl(p: Params, key: string, required: boolean): string | null {
  const url = required ? p.requiredString(key) : (p.string(key) ?? null);
  if (url === null) return null;
  if (!/^https?:\/\/\S+$/.test(url)) throw invalidParam(key, `Not a valid URL`);
  return url;
}

function readSetupIntentData(p: Params): CheckoutSetupData {
  const sd = p.object('setup_intent_data');
  return { metadata: sd?.metadata() ?? {}, description: sd?.string('description') ?? null };
}

/** Parameters only some modes take; Stripe names the first one given in another mode. */
function refuseOtherMode(p: Params, mode: Mode): void {
  const foreign = {
    setup: ['line_items', 'subscription_data', 'discounts', 'allow_promotion_codes', 'payment_intent_data', 'customer_creation'],
    subscription: ['setup_intent_data', 'payment_intent_data', 'customer_creation'],
    payment: ['setup_intent_data', 'subscription_data'],
  }[mode];
  for (const key of foreign) {
    if (p.has(key)) throw invalidParam(key, `You can not pass \`${key}\` in \`${mode}\` mode.`);
  }
}

function readCurrency(p: Params, mode: Mode): string | null {
  const currency = p.string('currency')?.toLowerCase();
  if (currency === undefined) return null;
  if (!/^[a-z]{3}$/.test(currency)) throw invalidParam('currency', `Invalid currency: ${currency}`);
  if (mode !== 'setup') return null;
  return currency;
}

/** Everything a session takes, in any of its three modes; nothing is created while reading. */
export function readSessionInput(rt: Runtime, p: Params, now: number): SessionInput {
  const mode = p.oneOf('mode', ['subscription', 'setup', 'payment']);
  if (!mode) throw missingParam('mode');
  refuseOtherMode(p, mode);
  const lines = mode === 'setup' ? [] : readLines(rt, p, mode);
  const customerId = p.string('customer');
  const customerEmail = p.string('customer_email');
  if (customerId && customerEmail) {
    throw badRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email');
  }
  const customer = customerId ? requireCustomer(rt, customerId, 'customer') : null;
  const expiresAt = p.integer('expires_at');
  if (expiresAt !== undefined && (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600)) {
    throw invalidParam('expires_at', 'expires_at must be between 30 minutes and 24 hours from now.');
  }
  p.stringArray('payment_method_types');
  // Stripe discounts one-time payments too; the emulator's discounts live on subscriptions only, so it says so.
  for (const key of mode === 'payment' ? ['discounts', 'allow_promotion_codes'] : []) {
    if (p.has(key)) throw invalidParam(key, 'The emulator does not apply discounts to payment-mode Checkout Sessions.');
  }
  const coupons = mode === 'subscription' ? (readDiscounts(rt, p) ?? []) : [];
  const allowPromotionCodes = p.boolean('allow_promotion_codes') ?? false;
  if (allowPromotionCodes && coupons.length > 0) {
    throw badRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', 'discounts');
  }
  if (coupons.length > 1) throw invalidParam('discounts', 'A Checkout Session takes at most one discount.');
  return {
    mode,
    coupons,
    allowPromotionCodes,
    lines,
    setupIntentData: mode === 'setup' ? readSetupIntentData(p) : null,
    paymentIntentData: mode === 'payment' ? readPaymentIntentData(p) : null,
    customerCreation: mode === 'payment' ? readCustomerCreation(p) : null,
    currency: readCurrency(p, mode),
    customer,
    customerEmail: customerEmail ?? null,
    successUrl: readUrl(p, 'success_url', true) ?? '',
    cancelUrl: readUrl(p, 'cancel_url', false),
    clientReferenceId: p.string('client_reference_id') ?? null,
    metadata: p.metadata() ?? {},
    subscriptionData: readSubscriptionData(p),
    expiresAt: expiresAt ?? null,
  };
}
