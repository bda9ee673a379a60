import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import { newId, randomToken } from '../ids';

function chargeFor(rt: Runtime, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, customerId: string): Stripe.Charge {
  const card = pm.card;
  return {
    id: newId('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: `txn_${randomToken(24)}`,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: 'RECUR EMULATOR',
    captured: true,
    created: rt.clock.now(),
    currency: pi.currency,
    customer: customerId,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 32,
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: true,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      type: 'card',
      card: {
        amount_authorized: pi.amount,
        authorization_code: String(100000 + Math.floor(Math.random() * 900000)),
        brand: card?.brand ?? null,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: card?.country ?? null,
        electronic_commerce_indicator: null,
        exp_month: card?.exp_month ?? 0,
        exp_year: card?.exp_year ?? 0,
        fingerprint: card?.fingerprint ?? null,
        funding: card?.funding ?? null,
        installments: null,
        last4: card?.last4 ?? null,
        mandate: null,
        network: card?.brand ?? null,
        network_transaction_id: randomToken(15),
        regulated_status: 'unregulated',
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

function newPaymentIntent(rt: Runtime, invoice: Stripe.Invoice, pm: Stripe.PaymentMethod, customerId: string): Stripe.PaymentIntent {
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
    description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: pm.id,
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
    status: 'requires_confirmation',
    transfer_group: null,
  };
}

/**
 * Collects an open invoice's amount from a card that will succeed: payment intent, charge and
 * the InvoicePayment linking them, with the events Stripe sends for each step.
 */
export function collectInvoice(
  rt: Runtime,
  invoice: Stripe.Invoice,
  pm: Stripe.PaymentMethod,
  customerId: string,
  origin: EventOrigin,
): { paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge; invoicePayment: Stripe.InvoicePayment } {
  const created = newPaymentIntent(rt, invoice, pm, customerId);
  rt.store.paymentIntents.insert(created);
  rt.bus.publish({ type: 'payment_intent.created', data: { object: created } }, origin);

  const charge = chargeFor(rt, created, pm, customerId);
  rt.store.charges.insert(charge);
  rt.bus.publish({ type: 'charge.succeeded', data: { object: charge } }, origin);

  const paymentIntent: Stripe.PaymentIntent = {
    ...created,
    status: 'succeeded',
    amount_received: created.amount,
    latest_charge: charge.id,
  };
  rt.store.paymentIntents.replace(paymentIntent);
  rt.bus.publish({ type: 'payment_intent.succeeded', data: { object: paymentIntent } }, origin);

  const now = rt.clock.now();
  const invoicePayment: Stripe.InvoicePayment = {
    id: newId('inpay'),
    object: 'invoice_payment',
    amount_paid: paymentIntent.amount,
    amount_requested: paymentIntent.amount,
    created: now,
    currency: paymentIntent.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: paymentIntent.id },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: now },
  };
  rt.store.invoicePayments.insert(invoicePayment);
  rt.bus.publish({ type: 'invoice_payment.paid', data: { object: invoicePayment } }, origin);
  return { paymentIntent, charge, invoicePayment };
}
