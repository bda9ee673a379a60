import { handleCheckoutSessionEvent } from './checkoutSession';
import { handleCustomerEvent } from './customer';
import { handleInvoiceEvent } from './invoice';
import { handleSubscriptionEvent } from './subscription';
import type { EventHandler } from './types';

export type { EventHandler, HandlerContext } from './types';

/** Keyed by the Stripe object type in event.data.object.object; other types are stored and acknowledged. */
export const handlersByObjectType: Readonly<Record<string, EventHandler>> = {
  customer: handleCustomerEvent,
  subscription: handleSubscriptionEvent,
  invoice: handleInvoiceEvent,
  'checkout.session': handleCheckoutSessionEvent,
};
