import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { CardDetails } from './cards/card-number';
import { describeCard } from './cards/card-number';
import { magicCardNumber } from './cards/test-cards';
import { cardError } from './cards/errors';
import { behaviourOf } from './cards/authorize';
import { badRequest, noSuchResource } from '../../http/errors';
import { newId } from '../../ids';

export interface BillingDetailsInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

/** A new, unattached card PaymentMethod; only brand, last4, expiry, fingerprint and the test behaviour survive. */
export function newCardPaymentMethod(rt: Runtime, card: CardDetails, billing: BillingDetailsInput = {}): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: billing.email ?? null, name: billing.name ?? null, phone: billing.phone ?? null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      fingerprint: card.fingerprint,
      funding: 'credit',
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: rt.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  rt.store.paymentMethods.insert(pm);
  rt.store.billing.cardBehaviours.set(pm.id, card.behaviour);
  return pm;
}

/** `pm_card_visa`, `tok_chargeCustomerFail`, …: a fresh PaymentMethod for the card the id stands for. */
export function paymentMethodFromMagic(rt: Runtime, id: string): Stripe.PaymentMethod | undefined {
  const number = magicCardNumber(id);
  if (number === undefined) return undefined;
  const year = new Date(rt.clock.now() * 1000).getUTCFullYear();
  return newCardPaymentMethod(rt, describeCard(number, 12, year + 5));
}

export function attachPaymentMethod(rt: Runtime, pm: Stripe.PaymentMethod, customerId: string, origin: EventOrigin, param?: string): Stripe.PaymentMethod {
  if (pm.customer === customerId) return pm;
  if (pm.customer !== null) {
    throw badRequest('The payment method you provided has already been attached to a customer.', param);
  }
  // Stripe verifies a card when it is attached; the declining test cards fail right here.
  const decline = behaviourOf(rt, pm).attach;
  if (decline) throw cardError(decline, param);
  const attached: Stripe.PaymentMethod = { ...pm, customer: customerId, allow_redisplay: pm.allow_redisplay };
  rt.store.paymentMethods.replace(attached);
  rt.bus.publish({ type: 'payment_method.attached', data: { object: attached } }, origin);
  return attached;
}

/**
 * A payment method id given for a customer (a default, a payment): magic ids make and attach a
 * fresh card; an unattached one is attached; one belonging to someone else is refused.
 */
export function customerPaymentMethod(rt: Runtime, id: string, customerId: string, param: string, origin: EventOrigin): Stripe.PaymentMethod {
  const pm = paymentMethodFromMagic(rt, id) ?? rt.store.paymentMethods.get(id);
  if (!pm) throw noSuchResource('PaymentMethod', id, param);
  if (pm.customer !== null && pm.customer !== customerId) {
    throw badRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, param);
  }
  return attachPaymentMethod(rt, pm, customerId, origin, param);
}
