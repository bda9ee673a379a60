import type { Decline } from './behaviour';
import type { JsonObject } from '../../../json';
import { StripeApiError } from '../../../http/errors';

/** A 402 `card_error` as Stripe answers a declined attach or payment. */
export function cardError(decline: Decline, param?: string, extra: { charge?: string; payment_intent?: JsonObject } = {}): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    ...(param ? { param } : {}),
    ...extra,
  });
}

/**
 * invoices.pay (and error_if_incomplete) on a card whose issuer wants 3D Secure: the API cannot
 * authenticate, the customer must, through the invoice's PaymentIntent (stripe/stripe-node#628
 * quotes Stripe's answer).
 */
export function requiresActionError(): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error',
    code: 'invoice_payment_intent_requires_action',
    message:
      'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice. For more details see: https://stripe.com/docs/billing/subscriptions/overview#requires-action',
  });
}
