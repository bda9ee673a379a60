import type { Params } from '../http/params';
import type { CheckoutPaymentData } from '../billing/state';
import { readShipping } from '../resources/payment-intent-params';

const USAGES = ['on_session', 'off_session'] as const;
const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;

/**
 * `payment_intent_data` of a payment-mode session (docs.stripe.com/api/checkout/sessions/create):
 * the parts the emulator's PaymentIntents carry. Anything else in the hash is refused as unknown.
 */
export function readPaymentIntentData(p: Params): CheckoutPaymentData {
  const d = p.object('payment_intent_data');
  return {
    description: d?.string('description') ?? null,
    metadata: d?.metadata() ?? {},
    shipping: d ? (readShipping(d) ?? null) : null,
    setupFutureUsage: d?.oneOf('setup_future_usage', USAGES) ?? null,
    captureMethod: d?.oneOf('capture_method', CAPTURE_METHODS) ?? null,
    receiptEmail: d?.string('receipt_email') ?? null,
  };
}

/** `customer_creation` applies to payment mode only; "if_required" (the default) makes no Customer for a guest. */
export function readCustomerCreation(p: Params): 'always' | 'if_required' {
  return p.oneOf('customer_creation', ['always', 'if_required']) ?? 'if_required';
}
