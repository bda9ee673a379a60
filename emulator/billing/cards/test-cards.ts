import type { CardBehaviour } from './behaviour';
import { EXPIRED_CARD, GENERIC_DECLINE, INSUFFICIENT_FUNDS, SUCCEEDS } from './behaviour';

/** Stripe's documented test numbers that do something other than succeed. */
const SPECIAL_NUMBERS: Record<string, CardBehaviour> = {
  '4000000000000341': { declines: 'charge', decline: GENERIC_DECLINE },
  '4000000000000002': { declines: 'attach', decline: GENERIC_DECLINE },
  '4000000000009995': { declines: 'attach', decline: INSUFFICIENT_FUNDS },
  '4000000000000069': { declines: 'attach', decline: EXPIRED_CARD },
};

export function behaviourOfNumber(number: string): CardBehaviour {
  return SPECIAL_NUMBERS[number] ?? SUCCEEDS;
}

/**
 * Magic PaymentMethod ids and tokens stand for a test card number; each use makes a fresh
 * PaymentMethod from it, as Stripe does.
 */
const MAGIC: Record<string, string> = {
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  amex: '378282246310005',
  discover: '6011111111111117',
  chargeCustomerFail: '4000000000000341',
  visa_chargeDeclined: '4000000000000002',
  chargeDeclined: '4000000000000002',
  visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  visa_chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedExpiredCard: '4000000000000069',
};

/** `pm_card_visa` → 4242…, `tok_chargeCustomerFail` → 4000…0341; undefined for anything else. */
export function magicCardNumber(id: string): string | undefined {
  const name = id.startsWith('pm_card_') ? id.slice('pm_card_'.length) : id.startsWith('tok_') ? id.slice('tok_'.length) : null;
  if (name === null || !Object.hasOwn(MAGIC, name)) return undefined;
  return MAGIC[name];
}
