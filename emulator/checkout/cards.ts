import { createHmac } from 'node:crypto';

export type CardOutcome =
  | { ok: true }
  | { ok: false; code: 'card_declined'; declineCode: 'generic_decline' | 'insufficient_funds'; message: string }
  | { ok: false; code: 'expired_card'; declineCode: 'expired_card'; message: string };

/** Stripe's test cards that fail, with the messages Checkout shows for them. */
const DECLINES: Record<string, Exclude<CardOutcome, { ok: true }>> = {
  '4000000000000002': { ok: false, code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': {
    ok: false,
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  '4000000000000069': { ok: false, code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
};

export function cardOutcome(number: string): CardOutcome {
  return DECLINES[number] ?? { ok: true };
}

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

export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
  outcome: CardOutcome;
}
