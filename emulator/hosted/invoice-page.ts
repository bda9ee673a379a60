import type Stripe from 'stripe';
import type { CardFields } from '../checkout/form';
import { escapeHtml } from '../checkout/page';
import { formatMoney } from '../billing/invoices/format';

export interface InvoicePageModel {
  invoice: Stripe.Invoice;
  /** The invoice's payment waits for the cardholder to authenticate (3D Secure): where to do it. */
  authenticateUrl: string | null;
  form: Partial<CardFields & { billingName: string }>;
  error: { field: string | null; message: string } | null;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}
main{max-width:520px;margin:48px auto;padding:32px;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002}
label{display:block;font-size:14px;margin:14px 0 4px}
input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #d5dbe1;border-radius:6px;font-size:16px}
.row{display:flex;gap:12px}.row>div{flex:1}ul{list-style:none;padding:0}li{display:flex;justify-content:space-between;margin:8px 0}
button,a.button{display:block;text-align:center;text-decoration:none;margin-top:24px;width:100%;box-sizing:border-box;padding:12px;border:0;border-radius:6px;background:#0074d4;color:#fff;font-size:16px}
.error{color:#df1b41;margin-top:12px}.due{font-size:28px;font-weight:600}.status{text-transform:uppercase;font-size:13px;font-weight:600}`;

function field(id: keyof CardFields | 'billingName', label: string, m: InvoicePageModel, attrs: string): string {
  const invalid = m.error?.field === id ? ' aria-invalid="true"' : '';
  return `<label for="${id}">${label}</label><input id="${id}" name="${id}" value="${escapeHtml(m.form[id] ?? '')}"${invalid} ${attrs}>`;
}

function payForm(m: InvoicePageModel): string {
  const inv = m.invoice;
  return `<form method="post" action="/i/${escapeHtml(inv.id)}/pay" novalidate>
<h2>Pay with card</h2>
${field('cardNumber', 'Card number', m, 'inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"')}
<div class="row"><div>${field('cardExpiry', 'Expiration', m, 'autocomplete="cc-exp" placeholder="MM / YY"')}</div>
<div>${field('cardCvc', 'CVC', m, 'inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"')}</div></div>
${field('billingName', 'Cardholder name', m, 'autocomplete="cc-name"')}
<button type="submit" id="pay-button">Pay ${escapeHtml(formatMoney(inv.amount_remaining, inv.currency))}</button>
</form>`;
}

/**
 * Stripe's hosted invoice page, reduced to what a customer does there: see what is owed, pay it
 * with a card, or confirm a payment the bank wants authenticated (3D Secure).
 */
export function renderInvoicePage(m: InvoicePageModel): string {
  const inv = m.invoice;
  const lines = inv.lines.data
    .map((l) => `<li><span>${escapeHtml(l.description ?? '')}</span><span>${escapeHtml(formatMoney(l.amount, inv.currency))}</span></li>`)
    .join('');
  let action = '';
  if (inv.status === 'open' && m.authenticateUrl) {
    action = `<p id="action-required">Your bank asks you to confirm this payment.</p>
<a class="button" id="confirm-payment" href="${escapeHtml(m.authenticateUrl)}">Confirm payment</a>`;
  } else if (inv.status === 'open') {
    action = payForm(m);
  }
  const error = m.error ? `<p class="error" role="alert" id="error-message">${escapeHtml(m.error.message)}</p>` : '';
  const amount = inv.status === 'paid' ? inv.amount_paid : inv.amount_remaining;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${escapeHtml(inv.number ?? inv.id)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body><main>
<p class="status" id="invoice-status">${escapeHtml(inv.status ?? '')}</p>
<h1>Invoice ${escapeHtml(inv.number ?? '')}</h1>
<p>${inv.status === 'paid' ? 'Paid' : 'Amount due'}</p><p class="due" id="amount">${escapeHtml(formatMoney(amount, inv.currency))}</p>
<ul>${lines}</ul>
${error}
${action}
</main></body></html>`;
}
