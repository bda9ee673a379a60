import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import type { CheckoutForm } from './form';
import { NO_REQUEST } from '../events/bus';
import { StripeApiError } from '../http/errors';
import { currentSession } from './lifecycle';
import { checkForm } from './form';
import { renderCheckoutPage, renderMessage } from './page';
import { completeSubscriptionCheckout } from '../billing/complete-checkout';
import { completeSetupCheckout } from '../billing/complete-setup-checkout';
import type { CouponRef } from '../billing/update-subscription';
import { discountView, sessionDiscount, typedCode } from './discount';

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
    const behaviour = check.card.behaviour;
    if (behaviour.declines === 'attach') {
      return c.html(page(rt, session, form, { field: 'cardNumber', message: behaviour.decline.message }, discount), 402);
    }
    const payer = { email: check.email, name: check.name, card: check.card };
    if (session.mode === 'setup') return c.redirect(successTarget(completeSetupCheckout(rt, session, payer, NO_REQUEST)), 303);
    const result = completeSubscriptionCheckout(rt, session, payer, discount ? [discount] : [], NO_REQUEST);
    if (!result.ok) {
      const current = rt.store.checkoutSessions.get(session.id) ?? session;
      return c.html(page(rt, current, form, { field: 'cardNumber', message: result.decline.message }, discount), 402);
    }
    return c.redirect(successTarget(result.session), 303);
  });

  return app;
}
