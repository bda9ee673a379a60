import type { Decline } from './behaviour';
import { StripeApiError } from '../../http/errors';

/** A 402 `card_error` as Stripe answers a declined attach or payment. */
export function cardError(decline: Decline, param?: string): StripeApiError {
  return new StripeApiError(402, {
    type: 'card_error',
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    ...(param ? { param } : {}),
  });
}
