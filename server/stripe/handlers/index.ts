import { chargeHandler, refundHandler } from './charge';
import { checkoutSessionHandler } from './checkoutSession';
import { customerHandler } from './customer';
import { invoiceHandler } from './invoice';
import { invoicePaymentHandler } from './invoicePayment';
import { subscriptionHandler } from './subscription';
import type { AnyHandler } from './types';

export type { HandlerContext, ObjectHandler } from './types';

/**
 * Keyed by the Stripe object type (event.data.object.object), in the order a batch applies them:
 * parents before children. Other types are stored and acknowledged.
 */
export const handlersByObjectType: ReadonlyMap<string, AnyHandler> = new Map<string, AnyHandler>([
  ['customer', customerHandler],
  ['subscription', subscriptionHandler],
  ['invoice', invoiceHandler],
  ['invoice_payment', invoicePaymentHandler],
  ['charge', chargeHandler],
  ['refund', refundHandler],
  ['checkout.session', checkoutSessionHandler],
]);
