import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { Payer } from './complete-checkout';
import { customerDetails } from './complete-checkout';
import { replaceSession } from '../../checkout/lifecycle';
import { confirmSetupIntent, createSetupIntent } from '../payments/setup-intent';
import { withCustomerTime } from '../customers/customer-time';

/**
 * What Stripe does when a setup-mode Checkout Session is submitted: the card becomes a
 * PaymentMethod, a SetupIntent verifies it and attaches it to the session's customer, then the
 * session completes carrying the SetupIntent. The customer's default payment method is left
 * alone, as Stripe leaves it; callers switch it themselves. Cards that decline at verification
 * never get here (the page shows the decline first).
 */
export function completeSetupCheckout(rt: Runtime, session: Stripe.Checkout.Session, payer: Payer, origin: EventOrigin): Stripe.Checkout.Session {
  const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
  return withCustomerTime(rt, customerId, () => {
    const data = rt.store.checkoutSetupData.get(session.id);
    const pm = payer.paymentMethod;
    const created = createSetupIntent(
      rt,
      { customer: customerId, paymentMethod: pm.id, metadata: data?.metadata ?? {}, description: data?.description ?? null, usage: 'off_session' },
      origin,
    );
    const intent = confirmSetupIntent(rt, created, origin, { authenticated: payer.authenticated });
    const current = rt.store.checkoutSessions.get(session.id) ?? session;
    const completed: Stripe.Checkout.Session = {
      ...current,
      status: 'complete',
      customer_details: customerDetails(payer.email, payer.name),
      setup_intent: intent.id,
      url: null,
    };
    replaceSession(rt, current, completed);
    rt.bus.publish({ type: 'checkout.session.completed', data: { object: completed } }, origin);
    return completed;
  });
}
