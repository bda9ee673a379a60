import type Stripe from 'stripe';

// Building an Intl.NumberFormat costs more than formatting with it; renewals format on every line.
const formats = new Map<string, Intl.NumberFormat | null>();

// Stripe's currencies with no minor unit and with three decimals (docs.stripe.com/currencies,
// "Zero-decimal currencies" and "Three-decimal currencies"); every other has two.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

function currencyDigits(code: string): number {
  return ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
}

/**
 * An amount in minor units as Stripe's pages and line descriptions show it: ¥500 is amount 500
 * (JPY has no minor unit, https://docs.stripe.com/currencies#zero-decimal), $5.00 is amount 500.
 */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = currencyDigits(code);
  let format = formats.get(code);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch {
      format = null;
    }
    formats.set(code, format);
  }
  const major = amount / 10 ** digits;
  return format ? format.format(major) : `${major.toFixed(digits)} ${code}`;
}

/** "month", "3 months": how Stripe words a price's interval on invoice lines. */
export function intervalLabel(price: Stripe.Price): string {
  const r = price.recurring;
  if (!r) return '';
  return r.interval_count === 1 ? r.interval : `${r.interval_count} ${r.interval}s`;
}

/** "05 Apr 2024", the date format of Stripe's proration line descriptions. */
export function prorationDate(at: number): string {
  const d = new Date(at * 1000);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${String(d.getUTCDate()).padStart(2, '0')} ${month} ${d.getUTCFullYear()}`;
}

export function productId(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}
