import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import type { ChargeOutcome } from './charge-outcome';
import { newId, randomToken } from '../ids';
import { chargeOutcome } from './charge-outcome';
import { chargeFor } from './charge';

function describe(invoice: Stripe.Invoice): string {
  if (invoice.billing_reason === 'subscription_create') return 'Subscription creation';
  if (invoice.billing_reason === 'manual') return `Payment for Invoice`;
  return 'Subscription update';
}

function newPaymentIntent(rt: Runtime, invoice: Stripe.Invoice, customerId: string): Stripe.PaymentIntent {
  const id = newId('pi');
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: invoice.amount_due,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${randomToken(24)}`,
    confirmation_method: 'automatic',
    created: rt.clock.now(),
    currency: invoice.currency,
    customer: customerId,
    customer_account: null,
    description: describe(invoice),
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: 'off_session',
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_group: null,
  };
}

/** The invoice's PaymentIntent and its InvoicePayment link, made on the first attempt and reused after. */
export function invoicePaymentIntent(rt: Runtime, invoice: Stripe.Invoice, customerId: string, origin: EventOrigin): { pi: Stripe.PaymentIntent; link: Stripe.InvoicePayment } {
  const store = rt.store;
  const linkId = store.billing.invoicePaymentOf.get(invoice.id);
  const existing = linkId ? store.invoicePayments.get(linkId) : undefined;
  const piId = existing?.payment.payment_intent;
  const pi = typeof piId === 'string' ? store.paymentIntents.get(piId) : undefined;
  if (existing && pi) return { pi, link: existing };
  const created = newPaymentIntent(rt, invoice, customerId);
  store.paymentIntents.insert(created);
  rt.bus.publish({ type: 'payment_intent.created', data: { object: created } }, origin);
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
  return { pi: created, link };
}

export interface Attempt {
  outcome: ChargeOutcome;
  paymentIntent: Stripe.PaymentIntent;
  charge: Stripe.Charge;
}

/**
 * One attempt to collect an open invoice's amount from a card: a charge on the invoice's
 * PaymentIntent, with the events Stripe sends for each step. The invoice itself is left to the caller.
 */
export function attemptInvoicePayment(rt: Runtime, invoice: Stripe.Invoice, pm: Stripe.PaymentMethod, customerId: string, origin: EventOrigin): Attempt {
  const store = rt.store;
  const { pi, link } = invoicePaymentIntent(rt, invoice, customerId, origin);
  const outcome = chargeOutcome(rt, pm);
  const charge = chargeFor(rt, { ...pi, payment_method: pm.id }, pm, customerId, outcome);
  store.charges.insert(charge);
  if (!outcome.ok) {
    rt.bus.publish({ type: 'charge.failed', data: { object: charge } }, origin);
    const failed: Stripe.PaymentIntent = {
      ...pi,
      payment_method: null,
      latest_charge: charge.id,
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'card_error',
        charge: charge.id,
        code: outcome.decline.code,
        decline_code: outcome.decline.declineCode,
        message: outcome.decline.message,
        doc_url: `https://stripe.com/docs/error-codes/${outcome.decline.code.replace(/_/g, '-')}`,
        payment_method: pm,
      },
    };
    store.paymentIntents.replace(failed);
    rt.bus.publish({ type: 'payment_intent.payment_failed', data: { object: failed } }, origin);
    return { outcome, paymentIntent: failed, charge };
  }
  rt.bus.publish({ type: 'charge.succeeded', data: { object: charge } }, origin);
  const succeeded: Stripe.PaymentIntent = {
    ...pi,
    payment_method: pm.id,
    status: 'succeeded',
    amount_received: pi.amount,
    latest_charge: charge.id,
    last_payment_error: null,
  };
  store.paymentIntents.replace(succeeded);
  rt.bus.publish({ type: 'payment_intent.succeeded', data: { object: succeeded } }, origin);
  const now = rt.clock.now();
  const paidLink: Stripe.InvoicePayment = {
    ...link,
    amount_paid: succeeded.amount,
    status: 'paid',
    status_transitions: { ...link.status_transitions, paid_at: now },
  };
  store.invoicePayments.replace(paidLink);
  rt.bus.publish({ type: 'invoice_payment.paid', data: { object: paidLink } }, origin);
  return { outcome, paymentIntent: succeeded, charge };
}
