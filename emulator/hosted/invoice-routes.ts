import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import type { InvoicePageModel } from './invoice-page';
import { NO_REQUEST } from '../events/bus';
import { renderMessage } from '../checkout/page';
import { checkCardFields } from '../checkout/form';
import { renderInvoicePage } from './invoice-page';
import { newCardPaymentMethod } from '../billing/payments/payment-method';
import { invoicePaymentIntent } from '../billing/payments/payment';
import { confirmPaymentIntent } from '../billing/payments/payment-intents/lifecycle';
import { withCustomerTime } from '../billing/customers/customer-time';
import { idOf } from '../refs';

/** The invoice's PaymentIntent, when it waits for the cardholder to authenticate. */
function waitingIntent(rt: Runtime, invoice: Stripe.Invoice): Stripe.PaymentIntent | null {
  const linkId = rt.store.billing.invoicePaymentOf.get(invoice.id);
  const link = linkId ? rt.store.invoicePayments.get(linkId) : undefined;
  const piId = idOf(link?.payment.payment_intent ?? null);
  const pi = piId ? rt.store.paymentIntents.get(piId) : undefined;
  return pi?.status === 'requires_action' ? pi : null;
}

function authenticateUrl(pi: Stripe.PaymentIntent, invoice: Stripe.Invoice): string {
  return `/3ds/${pi.id}?return_to=${encodeURIComponent(`/i/${invoice.id}`)}`;
}

function model(rt: Runtime, invoice: Stripe.Invoice, rest: Partial<Pick<InvoicePageModel, 'form' | 'error'>> = {}): InvoicePageModel {
  const waiting = invoice.status === 'open' ? waitingIntent(rt, invoice) : null;
  return { invoice, authenticateUrl: waiting ? authenticateUrl(waiting, invoice) : null, form: rest.form ?? {}, error: rest.error ?? null };
}

/**
 * /i/:invoice — the hosted invoice page a finalized invoice links to (`hosted_invoice_url`): the
 * customer pays the invoice on session, with 3D Secure when the card asks for it. Paying here
 * is a manual attempt: it settles the invoice and its subscription as invoices.pay would.
 */
export function hostedInvoiceRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  const find = (id: string) => {
    const invoice = rt.store.invoices.get(id);
    return invoice && invoice.status !== 'draft' ? invoice : undefined;
  };

  app.get('/:id', (c) => {
    const invoice = find(c.req.param('id'));
    if (!invoice) return c.html(renderMessage('Invoice not found', 'This invoice link is not valid.'), 404);
    return c.html(renderInvoicePage(model(rt, invoice)));
  });

  app.post('/:id/pay', async (c) => {
    const invoice = find(c.req.param('id'));
    if (!invoice) return c.html(renderMessage('Invoice not found', 'This invoice link is not valid.'), 404);
    if (invoice.status !== 'open') return c.redirect(`/i/${invoice.id}`, 303);
    const body = new URLSearchParams(await c.req.text());
    const form = {
      cardNumber: (body.get('cardNumber') ?? '').trim(),
      cardExpiry: (body.get('cardExpiry') ?? '').trim(),
      cardCvc: (body.get('cardCvc') ?? '').trim(),
      billingName: (body.get('billingName') ?? '').trim(),
    };
    const check = checkCardFields(form, new Date(rt.clock.now() * 1000));
    if (!check.ok) return c.html(renderInvoicePage(model(rt, invoice, { form, error: { field: check.field, message: check.message } })), 400);
    const customerId = idOf(invoice.customer) ?? '';
    const outcome = withCustomerTime(rt, customerId, () => {
      const pm = newCardPaymentMethod(rt, check.card, { name: form.billingName || null });
      const { pi } = invoicePaymentIntent(rt, invoice, customerId, NO_REQUEST);
      return confirmPaymentIntent(rt, pi, { paymentMethod: pm, offSession: false, authenticated: false, offSessionAuthentication: 'fail' }, NO_REQUEST);
    });
    if (outcome.kind === 'requires_action') return c.redirect(authenticateUrl(outcome.paymentIntent, invoice), 303);
    if (outcome.kind === 'failed') {
      const latest = rt.store.invoices.get(invoice.id) ?? invoice;
      return c.html(renderInvoicePage(model(rt, latest, { form, error: { field: 'cardNumber', message: outcome.decline.message } })), 402);
    }
    return c.redirect(`/i/${invoice.id}`, 303);
  });

  return app;
}
