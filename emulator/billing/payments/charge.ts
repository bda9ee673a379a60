import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { Decline } from './cards/behaviour';
import { newId, randomToken } from '../../ids';

export interface ChargeInput {
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  paymentIntent: string | null;
  paymentMethod: Stripe.PaymentMethod;
  /** Charges made through the legacy Charges API name the card source they were made with. */
  source?: Stripe.CustomerSource | null;
  /** null: the issuer approved it. */
  decline: Decline | null;
  /** false: authorised only (capture_method manual, or `capture: false`). */
  captured: boolean;
  metadata?: Record<string, string>;
  receiptEmail?: string | null;
  statementDescriptor?: string | null;
}

/** The Charge record of one attempt, succeeded (captured or authorised) or failed as the issuer said. */
export function buildCharge(rt: Runtime, input: ChargeInput): Stripe.Charge {
  const pm = input.paymentMethod;
  const card = pm.card;
  const decline = input.decline;
  const ok = decline === null;
  const captured = ok && input.captured;
  return {
    id: newId('ch'),
    object: 'charge',
    amount: input.amount,
    amount_captured: captured ? input.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: captured ? `txn_${randomToken(24)}` : null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: 'RECUR EMULATOR',
    captured,
    created: rt.clock.now(),
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: input.metadata ?? {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: ok ? 'approved_by_network' : 'declined_by_network',
      reason: decline?.declineCode ?? null,
      risk_level: 'normal',
      risk_score: 32,
      seller_message: ok ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
      type: ok ? 'authorized' : 'issuer_declined',
    },
    paid: ok,
    payment_intent: input.paymentIntent,
    payment_method: pm.id,
    payment_method_details: {
      type: 'card',
      card: {
        amount_authorized: ok ? input.amount : null,
        authorization_code: ok ? String(100000 + Math.floor(Math.random() * 900000)) : null,
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
    receipt_email: input.receiptEmail ?? null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: input.source ?? null,
    source_transfer: null,
    statement_descriptor: input.statementDescriptor ?? null,
    statement_descriptor_suffix: null,
    status: ok ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}
