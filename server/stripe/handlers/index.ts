import { priceHandler, productHandler } from './catalog';
import { chargeHandler, refundHandler } from './charge';
import { checkoutSessionHandler } from './checkoutSession';
import { couponHandler, promotionCodeHandler } from './coupon';
import { customerHandler } from './customer';
import { discountHandler } from './discount';
import { invoiceHandler } from './invoice';
import { invoicePaymentHandler } from './invoicePayment';
import { subscriptionHandler } from './subscription';
import { subscriptionScheduleHandler } from './subscriptionSchedule';
import type { AnyHandler } from './types';

export type { ApplyContext, HandlerContext, ObjectHandler, ReadParams, StripeReads } from './types';

/**
 * Keyed by the Stripe object type (event.data.object.object), in the order a batch applies them:
 * parents before children. Other types are stored and acknowledged.
 */
export const handlersByObjectType: ReadonlyMap<string, AnyHandler> = new Map<string, AnyHandler>([
  ['product', productHandler],
  ['price', priceHandler],
  ['customer', customerHandler],
  ['coupon', couponHandler],
  ['promotion_code', promotionCodeHandler],
  ['subscription', subscriptionHandler],
  ['subscription_schedule', subscriptionScheduleHandler],
  ['discount', discountHandler],
  ['invoice', invoiceHandler],
  ['invoice_payment', invoicePaymentHandler],
  ['charge', chargeHandler],
  ['refund', refundHandler],
  ['checkout.session', checkoutSessionHandler],
]);
