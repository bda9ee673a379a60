import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import type { AttemptInput, AttemptOutcome } from './attempt';
import { attemptPayment, failAuthentication } from './attempt';
import { savePaymentIntent } from './build';
import { badRequest, StripeApiError } from '../../../http/errors';
import { settleInvoiceAttempt } from '../../invoices/invoice-flow';
import { markInvoicePaymentPaid } from '../payment';
import { randomToken } from '../../../ids';
import { idOf } from '../../../refs';

function unexpectedState(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message });
}

const CONFIRMABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

export function assertConfirmable(pi: Stripe.PaymentIntent): void {
  if (CONFIRMABLE.includes(pi.status)) return;
  throw unexpectedState(
    `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
  );
}

/** The open invoice this PaymentIntent pays, if Stripe Billing made it for one. */
export function invoiceOf(rt: Runtime, pi: Stripe.PaymentIntent): Stripe.Invoice | null {
  const id = rt.store.billing.invoiceOfPaymentIntent.get(pi.id);
  return id ? (rt.store.invoices.get(id) ?? null) : null;
}

/**
 * An invoice's PaymentIntent confirmed by the customer (Stripe.js, the hosted invoice page, the
 * authentication page) settles the invoice as a manual attempt would: paid, or failed, or still
 * waiting for authentication — and the subscription follows.
 */
function settleInvoice(rt: Runtime, pi: Stripe.PaymentIntent, outcome: AttemptOutcome, origin: EventOrigin): void {
  const invoice = invoiceOf(rt, pi);
  if (invoice?.status !== 'open') return;
  if (outcome.kind === 'succeeded') markInvoicePaymentPaid(rt, invoice.id, outcome.paymentIntent.amount, origin);
  settleInvoiceAttempt(rt, invoice, outcome, false, origin);
}

export function confirmPaymentIntent(rt: Runtime, pi: Stripe.PaymentIntent, input: AttemptInput, origin: EventOrigin): AttemptOutcome {
  assertConfirmable(pi);
  const outcome = attemptPayment(rt, pi, input, origin);
  settleInvoice(rt, pi, outcome, origin);
  return outcome;
}

/** The cardholder failed 3D Secure on the authentication page; an invoice it was paying records the failure. */
export function failPaymentAuthentication(rt: Runtime, pi: Stripe.PaymentIntent, origin: EventOrigin): Stripe.PaymentIntent {
  const pmId = idOf(pi.payment_method);
  const pm = pmId ? (rt.store.paymentMethods.get(pmId) ?? null) : null;
  const failed = failAuthentication(rt, pi, pm, origin);
  const invoice = invoiceOf(rt, pi);
  if (invoice?.status === 'open') {
    const decline = { code: 'card_declined' as const, declineCode: 'authentication_required' as const, message: failed.last_payment_error?.message ?? '' };
    settleInvoiceAttempt(rt, invoice, { kind: 'failed', paymentIntent: failed, charge: null, decline }, false, origin);
  }
  return failed;
}

/** Captures an authorised payment, all of it or part; the rest of the authorisation is released. */
export function capturePaymentIntent(rt: Runtime, pi: Stripe.PaymentIntent, amountToCapture: number | undefined, origin: EventOrigin): Stripe.PaymentIntent {
  if (pi.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = amountToCapture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw badRequest(`The amount to capture (${amount}) must be at most the amount capturable (${pi.amount_capturable}).`, 'amount_to_capture');
  }
  const chargeId = idOf(pi.latest_charge);
  const charge = chargeId ? rt.store.charges.get(chargeId) : undefined;
  if (charge) {
    const captured: Stripe.Charge = {
      ...charge,
      captured: true,
      amount_captured: amount,
      amount_refunded: charge.amount - amount,
      balance_transaction: `txn_${randomToken(24)}`,
    };
    rt.store.charges.replace(captured);
    rt.bus.publish({ type: 'charge.captured', data: { object: captured, previous_attributes: { captured: false, amount_captured: 0 } } }, origin);
  }
  return savePaymentIntent(rt, { ...pi, status: 'succeeded', amount_received: amount, amount_capturable: 0 }, origin, 'payment_intent.succeeded');
}

export function cancelPaymentIntent(
  rt: Runtime,
  pi: Stripe.PaymentIntent,
  reason: Stripe.PaymentIntent.CancellationReason | null,
  origin: EventOrigin,
): Stripe.PaymentIntent {
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  // An invoice's payment is ended by voiding the invoice, not by canceling its PaymentIntent.
  if (invoiceOf(rt, pi)) throw badRequest('You cannot cancel this PaymentIntent because it was created by an invoice. Void the invoice instead.');
  const chargeId = idOf(pi.latest_charge);
  const charge = chargeId ? rt.store.charges.get(chargeId) : undefined;
  if (pi.status === 'requires_capture' && charge) {
    const released: Stripe.Charge = { ...charge, amount_refunded: charge.amount, refunded: true };
    rt.store.charges.replace(released);
    rt.bus.publish({ type: 'charge.refunded', data: { object: released, previous_attributes: { amount_refunded: 0, refunded: false } } }, origin);
  }
  return savePaymentIntent(
    rt,
    { ...pi, status: 'canceled', canceled_at: rt.clock.now(), cancellation_reason: reason, next_action: null, amount_capturable: 0 },
    origin,
    'payment_intent.canceled',
  );
}
