import { createHmac } from 'node:crypto';
import type { CardBehaviour } from './behaviour';
import { behaviourOfNumber } from './test-cards';

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return number.length >= 12 && sum % 10 === 0;
}

export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^35/.test(number)) return 'jcb';
  if (/^3(0|6|8)/.test(number)) return 'diners';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

const FINGERPRINT_KEY = 'recur-emulator-card-fingerprint';

/** Same card number → same fingerprint, as Stripe's; the number itself is never stored. */
export function cardFingerprint(number: string): string {
  return createHmac('sha256', FINGERPRINT_KEY).update(number).digest('base64url').slice(0, 16);
}

/** What survives of a card once its number is read: the PaymentMethod's fields and its test behaviour. */
export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
  behaviour: CardBehaviour;
}

export function describeCard(number: string, expMonth: number, expYear: number): CardDetails {
  return {
    brand: cardBrand(number),
    last4: number.slice(-4),
    expMonth,
    expYear,
    fingerprint: cardFingerprint(number),
    behaviour: behaviourOfNumber(number),
  };
}
