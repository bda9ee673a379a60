import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import type { EventOrigin } from '../events/bus';
import type { CardDetails } from '../checkout/cards';
import { createCustomer, updateCustomer } from '../resources/customers';
import { replaceSession } from '../checkout/lifecycle';
import { attachCard } from './payment-method';
import { buildSubscription } from './subscription';
import { draftSubscriptionInvoice, finalized, paid } from './invoice';
import { collectInvoice } from './payment';

export interface Payer {
  email: string;
  name: string;
  card: CardDetails;
}

function lockedCustomer(rt: Runtime, session: Stripe.Checkout.Session, payer: Payer, origin: EventOrigin): Stripe.Customer {
  const id = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
  const existing = id ? rt.store.customers.get(id) : undefined;
  if (existing) return existing;
  return createCustomer(rt, { email: payer.email, name: payer.name }, origin);
}

/**
 * What Stripe does when a subscription-mode Checkout Session is paid with a card that succeeds,
 * in its event order: customer, payment method, subscription, first invoice and its payment,
 * then the session completes. The caller has already rejected declining cards.
 */
export function completeSubscriptionCheckout(
  rt: Runtime,
  session: Stripe.Checkout.Session,
  payer: Payer,
  origin: EventOrigin,
): Stripe.Checkout.Session {
  const store = rt.store;
  let customer = lockedCustomer(rt, session, payer, origin);
  const pm = attachCard(rt, customer.id, payer.card, payer, origin);
  customer = updateCustomer(
    rt,
    customer,
    { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: pm.id } },
    origin,
  );

  const data = store.checkoutSubscriptionData.get(session.id);
  const lines = (store.checkoutLineItems.get(session.id) ?? []).flatMap((li) =>
    li.price ? [{ price: li.price, quantity: li.quantity ?? 1 }] : [],
  );
  let subscription = buildSubscription(rt, {
    customerId: customer.id,
    lines,
    defaultPaymentMethod: pm.id,
    metadata: data?.metadata ?? {},
    description: data?.description ?? null,
    trialPeriodDays: data?.trialPeriodDays ?? null,
  });
  let invoice = draftSubscriptionInvoice(rt, subscription, customer, 'subscription_create');
  subscription = { ...subscription, latest_invoice: invoice.id };
  store.subscriptions.insert(subscription);
  rt.bus.publish({ type: 'customer.subscription.created', data: { object: subscription } }, origin);

  store.invoices.insert(invoice);
  rt.bus.publish({ type: 'invoice.created', data: { object: invoice } }, origin);
  const fin = finalized(rt, invoice, customer);
  invoice = store.invoices.replace(fin.invoice);
  customer = store.customers.replace(fin.customer);
  rt.bus.publish({ type: 'invoice.finalized', data: { object: invoice } }, origin);

  // A $0 first invoice (a trial) is paid without a payment intent or a charge.
  if (invoice.amount_due > 0) collectInvoice(rt, invoice, pm, customer.id, origin);
  invoice = store.invoices.replace(paid(rt, invoice));
  rt.bus.publish({ type: 'invoice.paid', data: { object: invoice } }, origin);
  rt.bus.publish({ type: 'invoice.payment_succeeded', data: { object: invoice } }, origin);

  const completed: Stripe.Checkout.Session = {
    ...session,
    status: 'complete',
    payment_status: invoice.amount_paid > 0 ? 'paid' : 'no_payment_required',
    customer: customer.id,
    customer_details: {
      address: null,
      business_name: null,
      email: payer.email,
      individual_name: null,
      name: payer.name,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    subscription: subscription.id,
    invoice: invoice.id,
    url: null,
  };
  replaceSession(rt, session, completed);
  rt.bus.publish({ type: 'checkout.session.completed', data: { object: completed } }, origin);
  return completed;
}
