import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Notification, Payment, Plan, Subscription } from '../../server/db/models';
import { advanceClock, monthStart } from '../helpers/clock';
import { payCheckoutPage } from '../helpers/checkout';
import { portalSignIn } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';

// 3D Secure as Stripe documents it for subscriptions (docs.stripe.com/billing/subscriptions/overview,
// "requires_action"): an off-session renewal the bank wants authenticated sends
// invoice.payment_action_required and is not retried; the customer confirms it on the invoice's
// hosted page. Test cards from docs.stripe.com/testing: 4000002760003184 always asks.

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const ALWAYS_AUTHENTICATE = '4000 0027 6000 3184';

async function startSignup(email: string): Promise<string> {
  const plan = await Plan.findOne({ where: { name: 'Gold Monthly' } });
  const res = await recur.app.request('/signup', {
    method: 'POST',
    body: new URLSearchParams({ plan: String(plan!.id), email, name: 'Sca' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(303);
  return res.headers.get('location')!;
}

/** Presses Complete on a 3D Secure page (Checkout's own step, or the one a hosted invoice links to). */
async function complete(actionUrl: string): Promise<Response> {
  return fetch(actionUrl, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outcome=complete' });
}

describe('3D Secure', () => {
  it('completes a signup through Checkout with the always-authenticate card after the authentication step', async () => {
    const checkoutUrl = await startSignup('sca-signup@example.com');
    const step = await payCheckoutPage(checkoutUrl, { number: ALWAYS_AUTHENTICATE });
    expect(step.status).toBe(200);
    expect(await step.text()).toContain('3D Secure');
    const done = await complete(`${checkoutUrl}/authenticate`);
    expect(done.status).toBe(303);
    await settle(recur);
    const customer = await Customer.findOne({ where: { email: 'sca-signup@example.com' } });
    const subscription = await Subscription.findOne({ where: { customerId: customer!.id } });
    expect(subscription?.status).toBe('active');
    expect((await Payment.findAll({ where: { customerId: customer!.id } })).map((p) => p.status)).toEqual(['succeeded']);
  });

  describe('a renewal the bank wants authenticated', () => {
    let subscription: Subscription;
    let waiting: Payment;

    it('records a payment that requires action, e-mails the customer the confirm link, and is not a decline', async () => {
      const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
      const customer = await recur.stripe.customers.create({ email: 'sca-renewal@example.com', name: 'Renewal', test_clock: clock.id });
      const checkoutUrl = await startSignup('sca-renewal@example.com');
      expect((await payCheckoutPage(checkoutUrl)).status).toBe(303);
      await settle(recur);
      const local = await Customer.findOne({ where: { stripeCustomerId: customer.id } });
      subscription = (await Subscription.findOne({ where: { customerId: local!.id } }))!;
      const card = await recur.stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
      await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: card.id });

      await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
      await settle(recur);
      waiting = (await Payment.findOne({ where: { subscriptionId: subscription.id, status: 'requires_action' } }))!;
      expect(waiting).toMatchObject({ amount: 1900, status: 'requires_action', failureCode: 'authentication_required', nextRetryAt: null });
      expect(waiting.actionUrl).toMatch(/\/i\/in_/);
      // Not a decline: no failed payment row for this attempt.
      expect(await Payment.count({ where: { subscriptionId: subscription.id, status: 'failed' } })).toBe(0);
      expect((await subscription.reload()).status).toBe('past_due');

      const mail = await Notification.findOne({ where: { template: 'payment_action_required', customerId: local!.id } });
      expect(mail).not.toBeNull();

      const summary = (await (await recur.app.request('/api/stats/summary', { headers: { cookie } })).json()) as {
        awaitingAuthentication: number;
        failedAwaitingAction: number;
      };
      expect(summary.awaitingAuthentication).toBe(1);
    });

    it('shows the customer "Confirm payment" in the portal, linking to the invoice’s hosted page', async () => {
      const portal = await portalSignIn(recur, 'sca-renewal@example.com');
      const html = await (await portal.get('/portal')).text();
      expect(html).toContain('data-confirming');
      expect(html).toContain(`href="${waiting.actionUrl}"`);
      expect(html).not.toContain('Pay now');
    });

    it('says plainly that an admin retry cannot do it', async () => {
      const res = await recur.app.request(`/api/payments/${waiting.id}/retry`, { method: 'POST', headers: { cookie } });
      expect(res.status).toBe(409);
      expect((await res.json()).message).toMatch(/must confirm this payment with their bank/);
    });

    it('is paid once the customer authenticates on the hosted invoice page, and the same row says so', async () => {
      const page = await fetch(waiting.actionUrl!);
      const link = /id="confirm-payment" href="([^"]+)"/.exec(await page.text())?.[1]?.replace(/&#38;/g, '&');
      expect(link).toBeTruthy();
      const done = await complete(new URL(link!, waiting.actionUrl!).toString());
      expect(done.status).toBe(303);
      await settle(recur);
      expect((await subscription.reload()).status).toBe('active');
      const rows = await Payment.findAll({ where: { subscriptionId: subscription.id }, order: [['id', 'ASC']] });
      expect(rows.map((p) => [p.id === waiting.id, p.status])).toEqual([
        [false, 'succeeded'],
        [true, 'succeeded'],
      ]);
      const summary = (await (await recur.app.request('/api/stats/summary', { headers: { cookie } })).json()) as { awaitingAuthentication: number };
      expect(summary.awaitingAuthentication).toBe(0);
    });
  });
});
