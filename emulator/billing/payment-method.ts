import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import type { CardDetails } from '../checkout/cards';
import { newId } from '../ids';

/** A card PaymentMethod attached to a customer. Only brand, last4, expiry and fingerprint survive. */
export function attachCard(
  rt: Runtime,
  customerId: string,
  card: CardDetails,
  billing: { email: string; name: string },
  origin: EventOrigin,
): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'limited',
    billing_details: { address: null, email: billing.email, name: billing.name, phone: null, tax_id: null },
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
    customer: customerId,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  rt.store.paymentMethods.insert(pm);
  rt.bus.publish({ type: 'payment_method.attached', data: { object: pm } }, origin);
  return pm;
}
