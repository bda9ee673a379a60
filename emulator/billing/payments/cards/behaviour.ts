/** Why a card fails, in the words Stripe's API and Checkout use. */
export interface Decline {
  code: 'card_declined' | 'expired_card' | 'incorrect_cvc' | 'processing_error' | 'authentication_required' | 'payment_intent_action_required';
  declineCode:
    | 'generic_decline'
    | 'insufficient_funds'
    | 'expired_card'
    | 'incorrect_cvc'
    | 'processing_error'
    | 'lost_card'
    | 'stolen_card'
    | 'fraudulent'
    | 'authentication_required';
  message: string;
}

/**
 * When the issuer asks the cardholder to authenticate (3D Secure), as Stripe's test cards do:
 * - `never`: frictionless (4242…, 3055);
 * - `unless_set_up`: every on-session payment, and off-session ones until the card has been set up
 *   for off-session use with authentication (4000 0025 0000 3155);
 * - `on_session`: on-session payments only; off-session ones go through (4000 0038 0000 0446, which
 *   Stripe treats as already set up);
 * - `always`: every payment and setup, on or off session (3184, 3178, 3220, 3063, 1629, 1280).
 */
export type Authentication = 'never' | 'unless_set_up' | 'on_session' | 'always';

/**
 * How a test card behaves, recorded per PaymentMethod so the card number itself is never kept.
 * `attach`: Stripe's $0 verification at attach or setup already fails (every charge too);
 * `charge`: what an authorised charge ends in (null succeeds), after any authentication.
 */
export interface CardBehaviour {
  attach: Decline | null;
  authentication: Authentication;
  charge: Decline | null;
}

export const GENERIC_DECLINE: Decline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };
export const INSUFFICIENT_FUNDS: Decline = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};
export const EXPIRED_CARD: Decline = { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' };
export const INCORRECT_CVC: Decline = { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect." };
export const PROCESSING_ERROR: Decline = {
  code: 'processing_error',
  declineCode: 'processing_error',
  message: 'An error occurred while processing your card. Try again in a little bit.',
};
export const LOST_CARD: Decline = { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' };
export const STOLEN_CARD: Decline = { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' };
export const FRAUDULENT: Decline = { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' };
/** An off-session payment the issuer wants authenticated; the customer has to come back on session. */
export const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

export const SUCCEEDS: CardBehaviour = { attach: null, authentication: 'never', charge: null };

/** A card that declines at verification and on every charge (0002, 9995, 0069). */
export function declinesAtAttach(decline: Decline): CardBehaviour {
  return { attach: decline, authentication: 'never', charge: decline };
}

/** Older data files stored `{declines: 'never' | 'attach' | 'charge', decline}`; read them as the current shape. */
export function normalizeBehaviour(stored: unknown): CardBehaviour {
  if (typeof stored !== 'object' || stored === null) return SUCCEEDS;
  if ('authentication' in stored) return stored as CardBehaviour;
  const legacy = stored as { declines?: string; decline?: Decline };
  if (legacy.declines === 'attach' && legacy.decline) return declinesAtAttach(legacy.decline);
  if (legacy.declines === 'charge' && legacy.decline) return { attach: null, authentication: 'never', charge: legacy.decline };
  return SUCCEEDS;
}
