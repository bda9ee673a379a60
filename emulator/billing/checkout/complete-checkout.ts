import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import type { Decline } from '../payments/cards/behaviour';
import { createCustomer, updateCustomer } from '../customers/customers';
import { replaceSession } from '../../checkout/lifecycle';
import { attachPaymentMethod } from '../payments/payment-method';
import { startSubscription } from '../subscriptions/start-subscription';
import { authorize, markSetUpForOffSession } from '../payments/cards/authorize';
import { withCustomerTime } from '../customers/customer-time';

export interface Payer {
  email: string;
  name: string;
  /** The card as the page made it (unattached), so a 3D Secure step can come between typing and paying. */
  paymentMethod: Stripe.PaymentMethod;
  /** The cardholder completed 3D Secure on the page for this payment. */
  authenticated: boolean;
}

export type CheckoutResult = { ok: true; session: Stripe.Checkout.Session } | { ok: false; decline: Decline };

function lockedCustomer(rt: Runtime, session: Stripe.Checkout.Session, payer: Payer, origin: EventOrigin): Stripe.Customer {
  const id = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
  const existing = id ? rt.store.customers.get(id) : undefined;
  if (existing) return existing;
  const created = createCustomer(rt, { email: payer.email, name: payer.name }, origin);
  // A retry after a decline pays as the same customer, as Checkout does.
  replaceSession(rt, session, { ...session, customer: created.id });
  return created;
}

export function customerDetails(email: string, name: string): Stripe.Checkout.Session.CustomerDetails {
  return { address: null, business_name: null, email, individual_name: null, name, phone: null, tax_exempt: 'none', tax_ids: [] };
}

/**
 * What Stripe does when a subscription-mode Checkout Session is paid, in its event order:
 * customer, payment method, subscription, first invoice and its payment, then the session
 * completes. A card that attaches but fails its first charge (0341) leaves the session open.
 */
export function completeSubscriptionCheckout(
  rt: Runtime,
  session: Stripe.Checkout.Session,
  payer: Payer,
  coupons: CheckoutCoupon[],
  origin: EventOrigin,
): CheckoutResult {
  const customer = lockedCustomer(rt, session, payer, origin);
  // A customer on a test clock subscribes at the clock's time, so its renewals follow the clock.
  return withCustomerTime(rt, customer, () => payAsCustomer(rt, session, payer, coupons, origin, customer));
}

type CheckoutCoupon = { coupon: Stripe.Coupon; promotionCode: Stripe.PromotionCode | null };

function payAsCustomer(
  rt: Runtime,
  session: Stripe.Checkout.Session,
  payer: Payer,
  coupons: CheckoutCoupon[],
  origin: EventOrigin,
  locked: Stripe.Customer,
): CheckoutResult {
  const store = rt.store;
  let customer = locked;
  const pm = attachPaymentMethod(rt, { ...payer.paymentMethod, allow_redisplay: 'limited' }, customer.id, origin);
  customer = updateCustomer(rt, customer, { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: pm.id } }, origin);
  const data = store.checkoutSubscriptionData.get(session.id);
  const paysNow = !data?.trialPeriodDays && (session.amount_total ?? 0) > 0;
  const answer = authorize(rt, pm, { offSession: false, authenticated: payer.authenticated });
  if (paysNow && answer.kind === 'declined') return { ok: false, decline: answer.decline };
  // Checkout saves the card for the renewals: with a trial it is set up (authenticated) rather than charged.
  if (!paysNow && payer.authenticated) markSetUpForOffSession(rt, pm.id);

  const lines = (store.checkoutLineItems.get(session.id) ?? []).flatMap((li) => (li.price ? [{ price: li.price, quantity: li.quantity ?? 1 }] : []));
  const now = rt.clock.now();
  const { subscription, invoice } = startSubscription(
    rt,
    {
      customer,
      lines,
      defaultPaymentMethod: pm.id,
      metadata: data?.metadata ?? {},
      description: data?.description ?? null,
      trialEnd: data?.trialPeriodDays ? now + data.trialPeriodDays * 86_400 : null,
      billingCycleAnchor: null,
      cancelAtPeriodEnd: false,
      collectionMethod: 'charge_automatically',
      daysUntilDue: null,
      missingPaymentMethod: 'create_invoice',
      paymentBehavior: 'allow_incomplete',
      coupons,
      offSession: false,
      authenticated: payer.authenticated,
    },
    origin,
  );
  const current = store.checkoutSessions.get(session.id) ?? session;
  const completed: Stripe.Checkout.Session = {
    ...current,
    status: 'complete',
    payment_status: invoice.amount_paid > 0 ? 'paid' : 'no_payment_required',
    customer: customer.id,
    customer_details: customerDetails(payer.email, payer.name),
    subscription: subscription.id,
    invoice: invoice.id,
    url: null,
    amount_total: invoice.total,
    discounts: coupons.map((ref) => ({ coupon: ref.promotionCode ? null : ref.coupon.id, promotion_code: ref.promotionCode?.id ?? null })),
    total_details: {
      amount_discount: invoice.total_discount_amounts?.reduce((sum, d) => sum + d.amount, 0) ?? 0,
      amount_shipping: 0,
      amount_tax: 0,
    },
  };
  replaceSession(rt, current, completed);
  rt.bus.publish({ type: 'checkout.session.completed', data: { object: completed } }, origin);
  return { ok: true, session: completed };
}
