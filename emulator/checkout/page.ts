import type Stripe from 'stripe';
import type { CheckoutForm } from './form';
import { formatMoney } from '../billing/invoices/format';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function interval(price: Stripe.Price | null): string {
  const r = price?.recurring;
  if (!r) return '';
  return r.interval_count === 1 ? `per ${r.interval}` : `every ${r.interval_count} ${r.interval}s`;
}

export interface PageModel {
  session: Stripe.Checkout.Session;
  lines: Stripe.LineItem[];
  productNames: Map<string, string>;
  lockedEmail: string | null;
  trialDays: number | null;
  form: Partial<CheckoutForm>;
  error: { field: keyof CheckoutForm | null; message: string } | null;
  allowPromotionCodes: boolean;
  /** The coupon in effect (from `discounts` or an applied code) and what it takes off today. */
  discount: { label: string; amount: number } | null;
}

/**
 * Enter in the promotion code field applies the code, as on Stripe's page; Enter anywhere else
 * submits the form through its default button, the pay button (first in tree order, drawn last).
 */
const PROMO_ENTER_APPLIES = `<script>
document.getElementById('promotionCode')?.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  e.preventDefault();
  document.querySelector('.ApplyButton')?.click();
});
</script>`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}
main{display:flex;flex-wrap:wrap;gap:48px;max-width:920px;margin:48px auto;padding:0 24px}
section{flex:1 1 360px}form{display:flex;flex-direction:column}.SubmitButton{order:1}label{display:block;font-size:14px;margin:14px 0 4px}
input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #d5dbe1;border-radius:6px;font-size:16px}
input[readonly]{background:#eef1f5}.row{display:flex;gap:12px}.row>div{flex:1}
button{margin-top:24px;width:100%;padding:12px;border:0;border-radius:6px;background:#0074d4;color:#fff;font-size:16px}
.error{color:#df1b41;margin-top:12px}ul{list-style:none;padding:0}li{margin:12px 0}.total{font-size:28px;font-weight:600}`;

function linesHtml(m: PageModel): string {
  return m.lines
    .map((li) => {
      const productId = typeof li.price?.product === 'string' ? li.price.product : '';
      const name = m.productNames.get(productId) ?? li.description ?? '';
      const unit = li.price?.unit_amount ?? 0;
      return `<li class="line-item"><span class="product-name">${escapeHtml(name)}</span>
<span class="quantity">Qty ${li.quantity ?? 1}</span>
<span class="amount">${escapeHtml(formatMoney(unit, li.currency))}</span>
<span class="interval">${escapeHtml(interval(li.price))}</span></li>`;
    })
    .join('\n');
}

function input(id: keyof CheckoutForm, label: string, m: PageModel, attrs: string): string {
  const value = id === 'email' && m.lockedEmail ? m.lockedEmail : (m.form[id] ?? '');
  const readonly = id === 'email' && m.lockedEmail ? ' readonly' : '';
  const invalid = m.error?.field === id ? ' aria-invalid="true"' : '';
  return `<label for="${id}">${label}</label>
<input id="${id}" name="${id}" value="${escapeHtml(value)}"${readonly}${invalid} ${attrs}>`;
}

/** Stripe Checkout's element ids, so browser tests written against the real page work here too. */
export function renderCheckoutPage(m: PageModel): string {
  const s = m.session;
  const today = formatMoney((s.amount_subtotal ?? 0) - (m.discount?.amount ?? 0), s.currency ?? 'usd');
  const discount = m.discount
    ? `<p class="discount" id="discount">${escapeHtml(m.discount.label)} <span class="amount">−${escapeHtml(formatMoney(m.discount.amount, s.currency ?? 'usd'))}</span></p>`
    : '';
  const promo = m.allowPromotionCodes
    ? `${input('promotionCode', 'Promotion code', m, 'autocomplete="off"')}
<button type="submit" name="intent" value="apply" class="ApplyButton">Apply</button>`
    : '';
  const trial = m.trialDays ? `<p class="trial">${m.trialDays} days free</p>` : '';
  const setup = s.mode === 'setup';
  // Setup mode buys nothing: the summary says what the card is for instead of a total.
  const summary = setup
    ? `<h1>Save your card</h1><p id="setup-note">Your card will be saved for future payments. You will not be charged now.</p>`
    : `<h1>${s.mode === 'payment' ? 'Pay' : 'Subscribe'}</h1>${trial}<ul>${linesHtml(m)}</ul>
${discount}<p>Due today</p><p class="total" id="total">${escapeHtml(today)}</p>`;
  const error = m.error ? `<p class="error" role="alert" id="error-message">${escapeHtml(m.error.message)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><main>
<section class="summary">${summary}</section>
<section class="payment"><form method="post" action="/c/pay/${escapeHtml(s.id)}" novalidate>
<button type="submit" class="SubmitButton">${setup ? 'Save card' : s.mode === 'payment' ? 'Pay' : 'Subscribe'}</button>
${input('email', 'Email', m, 'type="email" autocomplete="email"')}
<h2>Card information</h2>
${input('cardNumber', 'Card number', m, 'inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"')}
<div class="row"><div>${input('cardExpiry', 'Expiration', m, 'autocomplete="cc-exp" placeholder="MM / YY"')}</div>
<div>${input('cardCvc', 'CVC', m, 'inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"')}</div></div>
${input('billingName', 'Cardholder name', m, 'autocomplete="cc-name"')}
${promo}
${error}
</form></section></main>${PROMO_ENTER_APPLIES}</body></html>`;
}

export function renderMessage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body><main><section><h1>${escapeHtml(title)}</h1>
<p id="message">${escapeHtml(message)}</p></section></main></body></html>`;
}
