// Money is always an integer number of minor units (cents) plus an ISO currency code.

export type Interval = 'day' | 'week' | 'month' | 'year';
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];

/** How many months one interval is, per DESIGN §6 (Stripe's own MRR convention); the SQL run-rates are generated from it. */
export const MONTHS_PER_INTERVAL: Record<Interval, number> = {
  day: 12 / 365,
  week: 12 / 52,
  month: 1,
  year: 12,
};

/**
 * The monthly run-rate of a recurring amount, unrounded. Callers sum these and round once,
 * so a customer with many daily plans does not accumulate rounding errors.
 */
export function monthlyRate(amount: number, interval: Interval, intervalCount = 1, quantity = 1): number {
  return (amount * quantity) / (MONTHS_PER_INTERVAL[interval] * intervalCount);
}

// Stripe stores these with no minor unit (¥500 is amount 500), and these with three
// decimals; every other currency has two. Intl's own digit table differs from Stripe's
// for a few codes, so Stripe's lists decide.
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A currency format, made once per locale, currency and digits: making an Intl.NumberFormat costs
 * far more than formatting with one, and e-mails and lists format thousands of amounts.
 */
function moneyFormat(locale: string, code: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${code}|${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  return format;
}

/** 1000 + 'eur' → "€10.00"; a missing currency still shows the major-unit number. */
export function formatMoney(amount: number, currency: string | null | undefined, locale = 'en'): string {
  if (!currency) return (amount / 100).toFixed(2);
  const code = currency.toUpperCase();
  const digits = currencyDigits(code);
  return moneyFormat(locale, code, digits).format(amount / 10 ** digits);
}

/**
 * A chart axis tick: whole major units without their zeros ("$1,234", "¥500", "KWD 2"), and the
 * currency's digits otherwise ("$12.50"). Which digits are zeros follows the currency's exponent,
 * not the text, so ¥1,000 keeps its thousands.
 */
export function formatMoneyTick(amount: number, currency: string, locale = 'en'): string {
  const code = currency.toUpperCase();
  const scale = 10 ** currencyDigits(code);
  if (amount % scale !== 0) return formatMoney(amount, code, locale);
  return moneyFormat(locale, code, 0).format(amount / scale);
}

/**
 * A customer's total: money in its currency; "—" when there is nothing yet in no known currency
 * (a customer without subscriptions, whose currency neither Stripe nor Recur knows).
 */
export function formatTotal(amount: number | string | null | undefined, currency: string | null | undefined, locale = 'en'): string {
  const value = Number(amount ?? 0);
  if (!currency && value === 0) return '—';
  return formatMoney(value, currency, locale);
}

/** ('month', 1) → "/ month"; ('month', 3) → "every 3 months". */
export function formatInterval(interval: Interval, intervalCount = 1): string {
  return intervalCount === 1 ? `/ ${interval}` : `every ${intervalCount} ${interval}s`;
}

/** "€10.00 / month", "€30.00 every 3 months". */
export function formatPrice(amount: number, currency: string, interval: Interval, intervalCount = 1): string {
  return `${formatMoney(amount, currency)} ${formatInterval(interval, intervalCount)}`;
}
