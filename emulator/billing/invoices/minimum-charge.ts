import { StripeApiError } from '../../http/errors';
import { formatMoney } from './format';

/**
 * The smallest amount Stripe charges per currency, in minor units
 * (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 */
export const MIN_CHARGE: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

/** A charge below the minimum is refused before anything is made, as Stripe's `amount_too_small`. */
export function checkMinimumCharge(amount: number, currency: string, param = 'amount'): void {
  const min = MIN_CHARGE[currency];
  if (min === undefined || amount >= min) return;
  throw new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'amount_too_small',
    param,
    message: `Amount must be at least ${formatMoney(min, currency)} ${currency}`,
  });
}
