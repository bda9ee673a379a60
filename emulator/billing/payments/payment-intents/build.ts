import type Stripe from 'stripe';
import type { Runtime } from '../../../runtime';
import type { EventOrigin } from '../../../events/bus';
import { newId, randomToken } from '../../../ids';

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata?: Record<string, string>;
  captureMethod?: Stripe.PaymentIntent.CaptureMethod;
  confirmationMethod?: Stripe.PaymentIntent.ConfirmationMethod;
  setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null;
  paymentMethod?: string | null;
  allowedPaymentMethodTypes?: string[] | null;
  automaticPaymentMethods?: Stripe.PaymentIntent.AutomaticPaymentMethods | null;
  receiptEmail?: string | null;
  statementDescriptor?: string | null;
  statementDescriptorSuffix?: string | null;
  shipping?: Stripe.PaymentIntent.Shipping | null;
}

export function buildPaymentIntent(rt: Runtime, input: PaymentIntentInput): Stripe.PaymentIntent {
  const id = newId('pi');
  const automatic = input.automaticPaymentMethods ?? null;
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: input.allowedPaymentMethodTypes ?? null,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: input.captureMethod ?? 'automatic',
    client_secret: `${id}_secret_${randomToken(24)}`,
    confirmation_method: input.confirmationMethod ?? 'automatic',
    created: rt.clock.now(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod ?? null,
    payment_method_configuration_details: automatic?.enabled ? { id: 'pmc_emulator_default', parent: null } : null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    // The computed set: cards are all the emulator takes.
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail ?? null,
    review: null,
    setup_future_usage: input.setupFutureUsage ?? null,
    shipping: input.shipping ?? null,
    source: null,
    statement_descriptor: input.statementDescriptor ?? null,
    statement_descriptor_suffix: input.statementDescriptorSuffix ?? null,
    status: input.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_group: null,
  };
}

export function insertPaymentIntent(rt: Runtime, pi: Stripe.PaymentIntent, origin: EventOrigin): Stripe.PaymentIntent {
  rt.store.paymentIntents.insert(pi);
  rt.bus.publish({ type: 'payment_intent.created', data: { object: pi } }, origin);
  return pi;
}

type PaymentIntentEvent =
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'payment_intent.requires_action'
  | 'payment_intent.amount_capturable_updated'
  | 'payment_intent.canceled'
  | 'payment_intent.processing';

/** Stores the new state; the outcome events carry the object only, as Stripe's do. */
export function savePaymentIntent(rt: Runtime, next: Stripe.PaymentIntent, origin: EventOrigin, type: PaymentIntentEvent | null): Stripe.PaymentIntent {
  rt.store.paymentIntents.replace(next);
  if (type) rt.bus.publish({ type, data: { object: next } }, origin);
  return next;
}
