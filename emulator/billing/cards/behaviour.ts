/** Why a card fails, in the words Stripe's API and Checkout use. */
export interface Decline {
  code: 'card_declined' | 'expired_card';
  declineCode: 'generic_decline' | 'insufficient_funds' | 'expired_card';
  message: string;
}

/**
 * How a test card behaves, recorded per PaymentMethod so the card number itself is never kept.
 * `attach`: Stripe's $0 verification at attach already fails (and every charge too);
 * `charge`: attaching works, every charge fails (4000000000000341, pm_card_chargeCustomerFail).
 */
export type CardBehaviour = { declines: 'never' } | { declines: 'attach' | 'charge'; decline: Decline };

export const SUCCEEDS: CardBehaviour = { declines: 'never' };

export const GENERIC_DECLINE: Decline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' };
export const INSUFFICIENT_FUNDS: Decline = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};
export const EXPIRED_CARD: Decline = { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' };
