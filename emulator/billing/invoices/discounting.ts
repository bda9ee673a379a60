import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';

export interface Discounted {
  lines: Stripe.InvoiceLineItem[];
  totals: Stripe.Invoice.TotalDiscountAmount[];
}

function couponOf(rt: Runtime, discount: Stripe.Discount): Stripe.Coupon | undefined {
  const ref = discount.source.coupon;
  if (ref === null) return undefined;
  const id = typeof ref === 'string' ? ref : ref.id;
  return rt.store.coupons.get(id) ?? rt.store.billing.deletedCoupons.get(id);
}

/** Each line's share of one coupon; amount_off is spread over positive lines in proportion, remainder on the last. */
function shares(coupon: Stripe.Coupon, lines: { amount: number; discountable: boolean }[], currency: string): number[] {
  if (coupon.percent_off !== null) {
    const pct = coupon.percent_off;
    return lines.map((l) => (l.discountable ? Math.round((l.amount * pct) / 100) : 0));
  }
  if (coupon.amount_off === null || coupon.currency !== currency) return lines.map(() => 0);
  const eligible = lines.map((l) => (l.discountable && l.amount > 0 ? l.amount : 0));
  const base = eligible.reduce((a, b) => a + b, 0);
  const off = Math.min(coupon.amount_off, base);
  if (off === 0) return lines.map(() => 0);
  const out = eligible.map((amount) => Math.floor((off * amount) / base));
  const last = eligible.map((a) => a > 0).lastIndexOf(true);
  out[last] += off - out.reduce((a, b) => a + b, 0);
  return out;
}

/** What a coupon takes off a set of line amounts, as the invoice will compute it. */
export function couponAmount(coupon: Stripe.Coupon, amounts: number[], currency: string): number {
  const lines = amounts.map((amount) => ({ amount, discountable: true }));
  return shares(coupon, lines, currency).reduce((a, b) => a + b, 0);
}

/** Applies the invoice-level discounts (ids in the store) to the lines, as discount_amounts and totals. */
export function applyDiscounts(rt: Runtime, lines: Stripe.InvoiceLineItem[], discountIds: string[], currency: string): Discounted {
  let out = lines.map((l) => ({ ...l, discount_amounts: [] as Stripe.InvoiceLineItem.DiscountAmount[] }));
  const totals: Stripe.Invoice.TotalDiscountAmount[] = [];
  for (const id of discountIds) {
    const discount = rt.store.discounts.get(id);
    const coupon = discount ? couponOf(rt, discount) : undefined;
    if (!discount || !coupon) continue;
    const each = shares(coupon, out, currency);
    out = out.map((l, i) => ({ ...l, discount_amounts: [...(l.discount_amounts ?? []), { amount: each[i], discount: id }] }));
    totals.push({ amount: each.reduce((a, b) => a + b, 0), discount: id });
  }
  return { lines: out, totals };
}
