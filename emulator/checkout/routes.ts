import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { Ctx, EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import type { CheckoutForm } from './form';
import { NO_REQUEST } from '../events/bus';
import { StripeApiError } from '../http/errors';
import { currentSession } from './lifecycle';
import { checkForm } from './form';
import { renderCheckoutPage, renderMessage } from './page';
import type { Payer } from '../billing/checkout/complete-checkout';
import { completeSubscriptionCheckout } from '../billing/checkout/complete-checkout';
import { completeSetupCheckout } from '../billing/checkout/complete-setup-checkout';
import { completePaymentCheckout } from '../billing/checkout/complete-payment-checkout';
import type { CouponRef } from '../billing/subscriptions/update-subscription';
import { discountView, sessionDiscount, typedCode } from './discount';
import { newCardPaymentMethod } from '../billing/payments/payment-method';
import { authorize, setupNeedsAuthentication } from '../billing/payments/cards/authorize';
import { cardLabel, readOutcome, renderAuthenticationPage } from '../hosted/authentication-page';
import { formatMoney } from '../billing/invoices/format';

/** Checkout's words when 3D Secure fails (the cardholder pressed Fail). */
const AUTHENTICATION_FAILED = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

function lockedEmail(rt: Runtime, session: Stripe.Checkout.Session): string | null {
  const id = typeof session.customer === 'string' ? session.customer : null;
  const customerEmail = id ? rt.store.customers.get(id)?.email : null;
  return customerEmail ?? session.customer_email ?? null;
}

function page(
  rt: Runtime,
  session: Stripe.Checkout.Session,
  form: Partial<CheckoutForm>,
  error: { field: keyof CheckoutForm | null; message: string } | null,
  discount: CouponRef | null = sessionDiscount(rt, session),
): string {
  const lines = rt.store.checkoutLineItems.get(session.id) ?? [];
  const productNames = new Map(rt.store.products.newestFirst().map((p) => [p.id, p.name]));
  // The card number and CVC are never echoed back into the page.
  const safeForm = { ...form, cardNumber: undefined, cardCvc: undefined };
  return renderCheckoutPage({
    session,
    lines,
    productNames,
    lockedEmail: lockedEmail(rt, session),
    trialDays: rt.store.checkoutSubscriptionData.get(session.id)?.trialPeriodDays ?? null,
    form: safeForm,
    error,
    allowPromotionCodes: session.allow_promotion_codes === true,
    discount: discountView(rt, session, discount),
  });
}

function successTarget(completed: Stripe.Checkout.Session): string {
  return (completed.success_url ?? '').replaceAll('{CHECKOUT_SESSION_ID}', completed.id);
}

/** Whether Checkout charges now (else it only saves the card: setup mode, a trial, or nothing due). */
function chargesNow(rt: Runtime, session: Stripe.Checkout.Session): boolean {
  if (session.mode === 'setup') return false;
  return !rt.store.checkoutSubscriptionData.get(session.id)?.trialPeriodDays && (session.amount_total ?? 0) > 0;
}

/** Whether the issuer wants 3D Secure before Checkout can go on with this card. */
function needsAuthentication(rt: Runtime, session: Stripe.Checkout.Session, pm: Stripe.PaymentMethod): boolean {
  if (!chargesNow(rt, session)) return setupNeedsAuthentication(rt, pm);
  return authorize(rt, pm, { offSession: false, authenticated: false }).kind === 'needs_authentication';
}

/** The hosted Checkout page. It is a browser page, not API: no key, HTML answers. */
export function checkoutPageRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  const find = (id: string): Stripe.Checkout.Session | null => {
    try {
      return currentSession(rt, id);
    } catch (err) {
      if (err instanceof StripeApiError && err.status === 404) return null;
      throw err;
    }
  };

  const closed = (session: Stripe.Checkout.Session | null): string | null => {
    if (!session) return renderMessage('Something went wrong', 'The page you were looking for could not be found.');
    if (session.status === 'complete') {
      return renderMessage(session.mode === 'setup' ? 'Already saved' : 'Already paid', 'This Checkout Session is complete.');
    }
    if (session.status === 'expired') return renderMessage('Session expired', 'This Checkout Session has expired.');
    return null;
  };

  /** Completes the session with the card; a decline after all leaves it open with the message. */
  const pay = (c: Ctx, session: Stripe.Checkout.Session, payer: Payer, form: Partial<CheckoutForm>, discount: CouponRef | null) => {
    if (session.mode === 'setup') return c.redirect(successTarget(completeSetupCheckout(rt, session, payer, NO_REQUEST)), 303);
    const result =
      session.mode === 'payment'
        ? completePaymentCheckout(rt, session, payer, NO_REQUEST)
        : completeSubscriptionCheckout(rt, session, payer, discount ? [discount] : [], NO_REQUEST);
    if (!result.ok) {
      const current = rt.store.checkoutSessions.get(session.id) ?? session;
      return c.html(page(rt, current, form, { field: 'cardNumber', message: result.decline.message }, discount), 402);
    }
    return c.redirect(successTarget(result.session), 303);
  };

  app.get('/:id', (c) => {
    const session = find(c.req.param('id'));
    const message = closed(session);
    if (message !== null || !session) return c.html(message ?? '', session ? 410 : 404);
    return c.html(page(rt, session, {}, null));
  });

  app.post('/:id', async (c) => {
    const session = find(c.req.param('id'));
    const message = closed(session);
    if (message !== null || !session) return c.html(message ?? '', session ? 410 : 404);
    const body = new URLSearchParams(await c.req.text());
    const locked = lockedEmail(rt, session);
    if (locked) body.set('email', locked);
    const { form, check } = checkForm(body, new Date(rt.clock.now() * 1000));
    // A typed promotion code replaces the session's discount; a bad one stops everything with one message.
    let discount = sessionDiscount(rt, session);
    if (session.allow_promotion_codes && form.promotionCode !== '') {
      const typed = typedCode(rt, form.promotionCode);
      if ('problem' in typed) return c.html(page(rt, session, form, { field: 'promotionCode', message: typed.problem }, null), 400);
      discount = typed;
    }
    if (body.get('intent') === 'apply') return c.html(page(rt, session, form, null, discount));
    if (!check.ok) return c.html(page(rt, session, form, { field: check.field, message: check.message }, discount), 400);
    // Declining test cards fail when Checkout verifies them, before anything is created.
    const decline = check.card.behaviour.attach;
    if (decline) return c.html(page(rt, session, form, { field: 'cardNumber', message: decline.message }, discount), 402);
    const pm = newCardPaymentMethod(rt, check.card, { email: check.email, name: check.name });
    const payer: Payer = { email: check.email, name: check.name, paymentMethod: pm, authenticated: false };
    if (!needsAuthentication(rt, session, pm)) return pay(c, session, payer, form, discount);
    // The issuer asks for 3D Secure: the card waits (as a PaymentMethod, never as a number) for the cardholder's answer.
    rt.store.billing.checkoutAuthentications.set(session.id, {
      paymentMethod: pm.id,
      email: check.email,
      name: check.name,
      coupon: discount?.coupon.id ?? null,
      promotionCode: discount?.promotionCode?.id ?? null,
    });
    const due = chargesNow(rt, session) ? formatMoney(session.amount_total ?? 0, session.currency ?? 'usd') : null;
    return c.html(
      renderAuthenticationPage({
        action: `/c/pay/${session.id}/authenticate`,
        summary: due ? `Authenticate a payment of ${due} to Recur Emulator.` : 'Authenticate your card to save it with Recur Emulator.',
        cardLabel: cardLabel(pm.card),
      }),
    );
  });

  app.post('/:id/authenticate', async (c) => {
    const session = find(c.req.param('id'));
    const message = closed(session);
    if (message !== null || !session) return c.html(message ?? '', session ? 410 : 404);
    const outcome = readOutcome(new URLSearchParams(await c.req.text()));
    const waiting = rt.store.billing.checkoutAuthentications.get(session.id);
    const pm = waiting ? rt.store.paymentMethods.get(waiting.paymentMethod) : undefined;
    if (!waiting || !pm || outcome === null) return c.redirect(`/c/pay/${session.id}`, 303);
    rt.store.billing.checkoutAuthentications.delete(session.id);
    const coupon = waiting.coupon ? rt.store.coupons.get(waiting.coupon) : undefined;
    const promotionCode = waiting.promotionCode ? (rt.store.promotionCodes.get(waiting.promotionCode) ?? null) : null;
    const discount = coupon ? { coupon, promotionCode } : null;
    const form = { email: waiting.email, billingName: waiting.name, promotionCode: promotionCode?.code ?? '' };
    if (outcome === 'fail') return c.html(page(rt, session, form, { field: 'cardNumber', message: AUTHENTICATION_FAILED }, discount), 402);
    return pay(c, session, { email: waiting.email, name: waiting.name, paymentMethod: pm, authenticated: true }, form, discount);
  });

  return app;
}
