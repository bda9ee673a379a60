import type Stripe from 'stripe';

// Building an Intl.NumberFormat costs more than formatting with it; renewals format on every line.
const formats = new Map<string, Intl.NumberFormat | null>();

export function formatMoney(amount: number, currency: string): string {
  let format = formats.get(currency);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
    } catch {
      format = null;
    }
    formats.set(currency, format);
  }
  return format ? format.format(amount / 100) : `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
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
