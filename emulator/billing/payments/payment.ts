import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { AttemptOutcome } from './payment-intents/attempt';
import { newId } from '../../ids';
import { attemptPayment } from './payment-intents/attempt';
import { buildPaymentIntent, insertPaymentIntent } from './payment-intents/build';

function describe(invoice: Stripe.Invoice): string {
  if (invoice.billing_reason === 'subscription_create') return 'Subscription creation';
  if (invoice.billing_reason === 'manual') return `Payment for Invoice`;
  return 'Subscription update';
}

/** The invoice's PaymentIntent and its InvoicePayment link, made on the first attempt and reused after. */
export function invoicePaymentIntent(
  rt: Runtime,
  invoice: Stripe.Invoice,
  customerId: string,
  origin: EventOrigin,
): { pi: Stripe.PaymentIntent; link: Stripe.InvoicePayment } {
  const store = rt.store;
  const linkId = store.billing.invoicePaymentOf.get(invoice.id);
  const existing = linkId ? store.invoicePayments.get(linkId) : undefined;
  const piId = existing?.payment.payment_intent;
  const pi = typeof piId === 'string' ? store.paymentIntents.get(piId) : undefined;
  if (existing && pi) return { pi, link: existing };
  const created = insertPaymentIntent(
    rt,
    buildPaymentIntent(rt, {
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: customerId,
      description: describe(invoice),
      // Invoice payments save the card for the renewals that follow, as Stripe Billing sets them up.
      setupFutureUsage: 'off_session',
    }),
    origin,
  );
  const link: Stripe.InvoicePayment = {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: created.amount,
    created: rt.clock.now(),
    currency: created.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: created.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  store.invoicePayments.insert(link);
  store.billing.invoicePaymentOf.set(invoice.id, link.id);
  store.billing.invoiceOfPaymentIntent.set(created.id, invoice.id);
  return { pi: created, link };
}

/** The InvoicePayment of a paid invoice: paid, with the amount and time. */
export function markInvoicePaymentPaid(rt: Runtime, invoiceId: string, amount: number, origin: EventOrigin): void {
  const linkId = rt.store.billing.invoicePaymentOf.get(invoiceId);
  const link = linkId ? rt.store.invoicePayments.get(linkId) : undefined;
  if (!link || link.status === 'paid') return;
  const paidLink: Stripe.InvoicePayment = {
    ...link,
    amount_paid: amount,
    status: 'paid',
    status_transitions: { ...link.status_transitions, paid_at: rt.clock.now() },
  };
  rt.store.invoicePayments.replace(paidLink);
  rt.bus.publish({ type: 'invoice_payment.paid', data: { object: paidLink } }, origin);
}

export interface InvoiceAttemptContext {
  offSession: boolean;
  authenticated: boolean;
}

/**
 * One attempt to collect an open invoice's amount from a card, on the invoice's PaymentIntent,
 * with the events Stripe sends for each step. Stripe's own attempts never fail for want of
 * authentication: the intent waits in requires_action for the customer. The invoice is left to the caller.
 */
export function attemptInvoicePayment(
  rt: Runtime,
  invoice: Stripe.Invoice,
  pm: Stripe.PaymentMethod,
  customerId: string,
  origin: EventOrigin,
  ctx: InvoiceAttemptContext,
): AttemptOutcome {
  const { pi } = invoicePaymentIntent(rt, invoice, customerId, origin);
  const outcome = attemptPayment(rt, pi, { paymentMethod: pm, ...ctx, offSessionAuthentication: 'require_action' }, origin);
  if (outcome.kind === 'succeeded') markInvoicePaymentPaid(rt, invoice.id, outcome.paymentIntent.amount, origin);
  return outcome;
}
