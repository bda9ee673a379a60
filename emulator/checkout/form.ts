import type { CardDetails } from '../billing/payments/cards/card-number';
import { describeCard, luhnValid } from '../billing/payments/cards/card-number';

export interface CheckoutForm {
  email: string;
  cardNumber: string;
  cardExpiry: string;
  cardCvc: string;
  billingName: string;
  promotionCode: string;
}

export type FormCheck = { ok: true; email: string; name: string; card: CardDetails } | { ok: false; field: keyof CheckoutForm; message: string };

function readForm(body: FormData | URLSearchParams): CheckoutForm {
  const get = (k: string): string => {
    const v = body.get(k);
    return typeof v === 'string' ? v.trim() : '';
  };
  return {
    email: get('email'),
    cardNumber: get('cardNumber'),
    cardExpiry: get('cardExpiry'),
    cardCvc: get('cardCvc'),
    billingName: get('billingName'),
    promotionCode: get('promotionCode'),
  };
}

/** Validates what a browser posted, with the messages Checkout shows next to each field. */
export function checkForm(body: FormData | URLSearchParams, now: Date): { form: CheckoutForm; check: FormCheck } {
  const form = readForm(body);
  const fail = (field: keyof CheckoutForm, message: string) => ({ form, check: { ok: false as const, field, message } });
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(form.email)) return fail('email', 'Your email is incomplete.');
  const card = checkCardFields(form, now);
  if (!card.ok) return { form, check: card };
  if (form.billingName === '') return fail('billingName', 'Your name is required.');
  return {
    form,
    check: {
      ok: true,
      email: form.email,
      name: form.billingName,
      card: card.card,
    },
  };
}

export interface CardFields {
  cardNumber: string;
  cardExpiry: string;
  cardCvc: string;
}

export type CardCheck = { ok: true; card: CardDetails } | { ok: false; field: keyof CardFields; message: string };

/** The card fields of a hosted page (Checkout, the hosted invoice page), with Stripe Elements' messages. */
export function checkCardFields(form: CardFields, now: Date): CardCheck {
  const fail = (field: keyof CardFields, message: string): CardCheck => ({ ok: false, field, message });
  const number = form.cardNumber.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(number)) return fail('cardNumber', 'Your card number is incomplete.');
  if (!luhnValid(number)) return fail('cardNumber', 'Your card number is invalid.');
  const exp = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(form.cardExpiry);
  if (!exp) return fail('cardExpiry', "Your card's expiration date is incomplete.");
  const month = Number(exp[1]);
  const year = exp[2].length === 2 ? 2000 + Number(exp[2]) : Number(exp[2]);
  if (month < 1 || month > 12) return fail('cardExpiry', "Your card's expiration date is invalid.");
  if (Date.UTC(year, month, 1) <= now.getTime()) return fail('cardExpiry', "Your card's expiration year is in the past.");
  if (!/^\d{3,4}$/.test(form.cardCvc)) return fail('cardCvc', "Your card's security code is incomplete.");
  return { ok: true, card: describeCard(number, month, year) };
}
