import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { eq, readRoutes } from '../http/read-routes';
export { paymentIntentRoutes } from './payment-intents';
import { idOf } from '../refs';

export function chargeRoutes(rt: Runtime) {
  return readRoutes<Stripe.Charge>(rt, {
    collection: (r) => r.store.charges,
    kind: 'charge',
    url: '/v1/charges',
    filters: (p) => [eq(p.string('customer'), (ch) => idOf(ch.customer)), eq(p.string('payment_intent'), (ch) => idOf(ch.payment_intent))],
  });
}

export function invoicePaymentRoutes(rt: Runtime) {
  return readRoutes<Stripe.InvoicePayment>(rt, {
    collection: (r) => r.store.invoicePayments,
    kind: 'invoice_payment',
    url: '/v1/invoice_payments',
    filters: (p) => {
      const payment = p.object('payment');
      const pi = payment?.string('payment_intent');
      payment?.oneOf('type', ['payment_intent', 'charge']);
      return [
        eq(p.string('invoice'), (ip) => idOf(ip.invoice)),
        eq(p.oneOf('status', ['canceled', 'open', 'paid']), (ip) => ip.status),
        eq(pi, (ip) => idOf(ip.payment.payment_intent ?? null)),
      ];
    },
  });
}

// Payment methods take writes too, so they have their own module.
export { paymentMethodRoutes } from './payment-methods';
