import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { Ctx, EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import { NO_REQUEST } from '../events/bus';
import { renderMessage } from '../checkout/page';
import { formatMoney } from '../billing/invoices/format';
import { cardLabel, readOutcome, renderAuthenticationPage } from './authentication-page';
import { confirmPaymentIntent, failPaymentAuthentication } from '../billing/payments/payment-intents/lifecycle';
import { savePaymentIntent } from '../billing/payments/payment-intents/build';
import { confirmSetupIntent, failSetupAuthentication } from '../billing/payments/setup-intent';
import { withCustomerTime } from '../billing/customers/customer-time';
import { idOf } from '../refs';

/** Only the emulator's own hosted invoice pages may be returned to without a return_url: no open redirect. */
function safeReturnTo(value: string | undefined): string | null {
  return value && /^\/i\/in_[A-Za-z0-9]+$/.test(value) ? value : null;
}

function returnUrlOf(action: Stripe.PaymentIntent.NextAction | Stripe.SetupIntent.NextAction | null): string | null {
  return action?.type === 'redirect_to_url' ? (action.redirect_to_url?.return_url ?? null) : null;
}

/** Stripe appends the intent and the outcome to the return_url after a redirect. */
function withResult(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  return target.toString();
}

function paymentMethodOf(rt: Runtime, id: string | null): Stripe.PaymentMethod | undefined {
  return id ? rt.store.paymentMethods.get(id) : undefined;
}

function finishPayment(rt: Runtime, c: Ctx, pi: Stripe.PaymentIntent, complete: boolean, returnTo: string | null): Response {
  const returnUrl = returnUrlOf(pi.next_action);
  const pm = paymentMethodOf(rt, idOf(pi.payment_method));
  const after = withCustomerTime(rt, idOf(pi.customer), () => {
    if (!complete || !pm) return failPaymentAuthentication(rt, pi, NO_REQUEST);
    // With manual confirmation the server confirms after the customer authenticated (docs.stripe.com/payments/paymentintents/lifecycle).
    if (pi.confirmation_method === 'manual') {
      rt.store.billing.authenticatedIntents.set(pi.id, pm.id);
      return savePaymentIntent(rt, { ...pi, status: 'requires_confirmation', next_action: null }, NO_REQUEST, null);
    }
    const outcome = confirmPaymentIntent(rt, pi, { paymentMethod: pm, offSession: false, authenticated: true, offSessionAuthentication: 'fail' }, NO_REQUEST);
    return outcome.paymentIntent;
  });
  if (returnTo) return c.redirect(returnTo, 303);
  if (returnUrl) {
    const status = after.status === 'succeeded' || after.status === 'requires_capture' || after.status === 'requires_confirmation' ? 'succeeded' : 'failed';
    return c.redirect(
      withResult(returnUrl, { payment_intent: after.id, payment_intent_client_secret: after.client_secret ?? '', redirect_status: status }),
      303,
    );
  }
  const done = after.status === 'succeeded' || after.status === 'requires_capture' || after.status === 'requires_confirmation';
  return c.html(
    renderMessage(
      done ? 'Authentication complete' : 'Payment failed',
      done ? 'You can close this window.' : (after.last_payment_error?.message ?? 'The payment failed.'),
    ),
  );
}

function finishSetup(rt: Runtime, c: Ctx, si: Stripe.SetupIntent, complete: boolean): Response {
  const returnUrl = returnUrlOf(si.next_action);
  const after = withCustomerTime(rt, idOf(si.customer), () =>
    complete ? confirmSetupIntent(rt, si, NO_REQUEST, { authenticated: true }) : failSetupAuthentication(rt, si, NO_REQUEST),
  );
  if (returnUrl) {
    const status = after.status === 'succeeded' ? 'succeeded' : 'failed';
    return c.redirect(withResult(returnUrl, { setup_intent: after.id, setup_intent_client_secret: after.client_secret ?? '', redirect_status: status }), 303);
  }
  const done = after.status === 'succeeded';
  return c.html(
    renderMessage(done ? 'Authentication complete' : 'Authentication failed', done ? 'You can close this window.' : (after.last_setup_error?.message ?? '')),
  );
}

/**
 * /3ds/:intent — the issuer's challenge for a PaymentIntent or SetupIntent in requires_action,
 * where a browser test (or a person) completes or fails 3D Secure, as on Stripe's test page.
 */
export function authenticationRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.get('/:id', (c) => {
    const id = c.req.param('id');
    const pi = rt.store.paymentIntents.get(id);
    const si = pi ? undefined : rt.store.setupIntents.get(id);
    const intent = pi ?? si;
    if (!intent) return c.html(renderMessage('Not found', 'There is no payment to authenticate here.'), 404);
    if (intent.status !== 'requires_action')
      return c.html(renderMessage('Nothing to authenticate', `This payment is ${intent.status.replace(/_/g, ' ')}.`), 409);
    const pm = paymentMethodOf(rt, idOf(intent.payment_method));
    const returnTo = safeReturnTo(c.req.query('return_to'));
    const action = `/3ds/${intent.id}${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ''}`;
    const summary = pi
      ? `Authenticate a payment of ${formatMoney(pi.amount, pi.currency)} to Recur Emulator.`
      : 'Authenticate your card to save it with Recur Emulator.';
    return c.html(renderAuthenticationPage({ action, summary, cardLabel: cardLabel(pm?.card) }));
  });

  app.post('/:id', async (c) => {
    const id = c.req.param('id');
    const outcome = readOutcome(new URLSearchParams(await c.req.text()));
    const pi = rt.store.paymentIntents.get(id);
    const si = pi ? undefined : rt.store.setupIntents.get(id);
    const intent = pi ?? si;
    if (!intent) return c.html(renderMessage('Not found', 'There is no payment to authenticate here.'), 404);
    if (outcome === null) return c.html(renderMessage('Choose an outcome', 'Press Complete or Fail.'), 400);
    if (intent.status !== 'requires_action')
      return c.html(renderMessage('Nothing to authenticate', `This payment is ${intent.status.replace(/_/g, ' ')}.`), 409);
    if (pi) return finishPayment(rt, c, pi, outcome === 'complete', safeReturnTo(c.req.query('return_to')));
    if (si) return finishSetup(rt, c, si, outcome === 'complete');
    return c.html(renderMessage('Not found', 'There is no payment to authenticate here.'), 404);
  });

  return app;
}
