import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { CardDetails } from './cards/card-number';
import { describeCard } from './cards/card-number';
import { magicCardNumber } from './cards/test-cards';
import { cardError } from './cards/errors';
import { noSuchResource } from '../../http/errors';
import { newId } from '../../ids';

/** The card a `tok_…` test token stands for; Stripe test mode takes these as a card source. */
export function cardFromToken(rt: Runtime, token: string, param: string): CardDetails {
  const number = token.startsWith('tok_') ? magicCardNumber(token) : undefined;
  if (number === undefined) throw noSuchResource('token', token, param);
  const year = new Date(rt.clock.now() * 1000).getUTCFullYear();
  return describeCard(number, 12, year + 5);
}

function cardObject(id: string, details: CardDetails, customer: string | null): Stripe.Card {
  return {
    id,
    object: 'card',
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: null,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: null,
    brand: details.brand === 'visa' ? 'Visa' : details.brand === 'mastercard' ? 'MasterCard' : details.brand === 'amex' ? 'American Express' : details.brand,
    country: 'US',
    customer,
    cvc_check: 'pass',
    dynamic_last4: null,
    exp_month: details.expMonth,
    exp_year: details.expYear,
    fingerprint: details.fingerprint,
    funding: 'credit',
    last4: details.last4,
    metadata: {},
    name: null,
    regulated_status: 'unregulated',
    tokenization_method: null,
  };
}

/** The PaymentMethod view of a card source, under the same id, which PaymentIntents and invoices charge. */
function paymentMethodTwin(rt: Runtime, card: Stripe.Card, details: CardDetails): Stripe.PaymentMethod {
  return {
    id: card.id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: card.name, phone: null, tax_id: null },
    card: {
      brand: details.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: details.brand,
      exp_month: details.expMonth,
      exp_year: details.expYear,
      fingerprint: details.fingerprint,
      funding: 'credit',
      generated_from: null,
      last4: details.last4,
      networks: { available: [details.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: rt.clock.now(),
    customer: typeof card.customer === 'string' ? card.customer : null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

/**
 * A card source made from a token, attached to a customer or (for a one-off charge) to nobody.
 * Declining test tokens fail the verification Stripe runs when a card is attached.
 */
export function createCardSource(rt: Runtime, details: CardDetails, customerId: string | null, param = 'source'): Stripe.Card {
  if (customerId && details.behaviour.attach) throw cardError(details.behaviour.attach, param);
  const card = cardObject(newId('card'), details, customerId);
  rt.store.cards.set(card.id, card);
  rt.store.paymentMethods.insert(paymentMethodTwin(rt, card, details));
  rt.store.billing.cardBehaviours.set(card.id, details.behaviour);
  return card;
}

/** customer.source.created, and the source becomes the default when the customer has none. */
export function addCustomerSource(
  rt: Runtime,
  customer: Stripe.Customer,
  token: string,
  origin: EventOrigin,
  param = 'source',
): { card: Stripe.Card; customer: Stripe.Customer } {
  const card = createCardSource(rt, cardFromToken(rt, token, param), customer.id, param);
  rt.bus.publish({ type: 'customer.source.created', data: { object: card } }, origin);
  return { card, customer };
}

export function sourcesOf(rt: Runtime, customerId: string): Stripe.Card[] {
  return [...rt.store.cards.values()].filter((c) => c.customer === customerId).reverse();
}

export function requireSource(rt: Runtime, customerId: string, id: string): Stripe.Card {
  const card = rt.store.cards.get(id);
  if (!card || card.customer !== customerId) throw noSuchResource('source', id);
  return card;
}

/** Deletes a source and its PaymentMethod twin; the caller clears default_source. */
export function removeCustomerSource(rt: Runtime, card: Stripe.Card, origin: EventOrigin): Stripe.DeletedCard {
  rt.store.cards.delete(card.id);
  const twin = rt.store.paymentMethods.get(card.id);
  if (twin) rt.store.paymentMethods.replace({ ...twin, customer: null });
  rt.bus.publish({ type: 'customer.source.deleted', data: { object: card } }, origin);
  return { id: card.id, object: 'card', deleted: true };
}
