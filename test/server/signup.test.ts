import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Payment, Plan, StripeEvent, Subscription } from '../../server/db/models';
import { monthlyRate } from '../../shared/money';
import { payCheckoutPage } from '../helpers/checkout';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { signedDelivery } from '../helpers/webhooks';

let recur: TestRecur;
let baseUrl: string;
beforeAll(async () => {
  recur = await startTestRecur();
  baseUrl = await recur.listen();
});
afterAll(() => recur.close());

const postForm = (fields: Record<string, string>, path = '/signup') =>
  fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });

async function stripeCustomerCount(): Promise<number> {
  return (await recur.stripe.customers.list({ limit: 100 })).data.length;
}

describe('GET /signup', () => {
  it('renders the plans as radio inputs named plan, with e-mail and name inputs', async () => {
    const res = await fetch(`${baseUrl}/signup`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    // Base plans only: add-ons are sold beside a plan, never as the plan.
    const plans = await Plan.findAll({ where: { active: true } });
    for (const plan of plans.filter((p) => p.kind === 'base')) expect(html).toContain(`type="radio" name="plan" value="${plan.id}"`);
    for (const addon of plans.filter((p) => p.kind === 'addon')) expect(html).not.toContain(`name="plan" value="${addon.id}"`);
    expect(html).toContain('name="email"');
    expect(html).toContain('name="name"');
  });

  it('answers an unknown form with 404', async () => {
    expect((await fetch(`${baseUrl}/signup/no-such-form`)).status).toBe(404);
  });
});

describe('POST /signup with bad input', () => {
  it.each([
    ['no plan', { email: 'kim@example.com', name: 'Kim' }, 'Choose a plan'],
    ['an unknown plan', { plan: '999999', email: 'kim@example.com', name: 'Kim' }, 'Choose one of the plans listed'],
    ['a bad e-mail', { plan: '1', email: 'kim-at-example', name: 'Kim' }, 'Enter a valid e-mail address'],
    ['an empty name', { plan: '1', email: 'kim@example.com', name: '   ' }, 'Enter your name'],
    ['a huge name', { plan: '1', email: 'kim@example.com', name: 'x'.repeat(5000) }, 'under 100 characters'],
  ])('re-renders with %s: 400, a message, what was typed kept, nothing created', async (_what, fields, message) => {
    const before = await stripeCustomerCount();
    const res = await postForm(fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    if (fields.email) expect(html).toContain(`value="${fields.email}"`);
    expect(await stripeCustomerCount()).toBe(before);
  });
});

describe('the whole path: form → Checkout → webhooks → admin', () => {
  it('turns a paid Checkout into an active subscription and a succeeded payment', async () => {
    const plan = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const res = await postForm({ plan: String(plan.id), email: 'Ada@Example.com', name: 'Ada Lovelace' });
    expect(res.status).toBe(303);
    const checkoutUrl = res.headers.get('location')!;
    expect(checkoutUrl.startsWith(`${recur.emulator.url}/c/pay/cs_`)).toBe(true);

    const paid = await payCheckoutPage(checkoutUrl);
    expect(paid.status).toBe(303);
    const doneUrl = paid.headers.get('location')!;
    expect(doneUrl).toMatch(new RegExp(`^${baseUrl}/signup/default/done\\?session_id=cs_\\w+$`));

    const payment = await eventually(() => Payment.findOne({ where: { status: 'succeeded' } }));
    expect(payment).toMatchObject({ amount: plan.amount, currency: 'usd', attemptCount: 1, billingReason: 'subscription_create' });
    expect(payment.stripePaymentIntentId).toMatch(/^pi_/);

    const subscription = await eventually(() => Subscription.findOne({ where: { status: 'active' } }));
    expect(subscription).toMatchObject({ planId: plan.id, customerId: payment.customerId, unitAmount: plan.amount });
    expect(subscription.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now());

    // Checkout made the customer (with the address given as customer_email); the done page, where
    // Stripe sends the browser, gives it the name typed into the form.
    const done = await fetch(doneUrl);
    expect(await done.text()).toContain('data-outcome="active"');
    const customer = await eventually(async () => {
      const row = await Customer.findByPk(payment.customerId);
      return row?.name === 'Ada Lovelace' && row;
    });
    expect(customer).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(customer.monthlyTotal).toBe(Math.round(monthlyRate(plan.amount, 'month')));
    expect(customer.yearlyTotal).toBe(plan.amount * 12);

    const cookie = await signInCookie(recur.app);
    const list = await recur.app.request('/api/payments', { headers: { cookie } });
    const rows = (await list.json()) as { status: string; amount: number; customerId: number }[];
    expect(rows).toEqual([expect.objectContaining({ status: 'succeeded', amount: plan.amount, customerId: customer.id })]);
  });

  it('applies a redelivered invoice.paid once: still one payment', async () => {
    const events = await recur.stripe.events.list({ type: 'invoice.paid', limit: 1 });
    const event = events.data[0]!;
    await eventually(() => StripeEvent.findByPk(event.id));
    const payload = JSON.stringify(event);
    const res = await fetch(`${baseUrl}/webhooks/stripe`, signedDelivery(recur.stripe, payload));
    expect(await res.json()).toEqual({ received: true, duplicate: true });
    expect(await Payment.count()).toBe(1);
  });

  it('says plainly when a Checkout was not completed', async () => {
    const plan = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
    const res = await postForm({ plan: String(plan.id), email: 'abandon@example.com', name: 'Abe' });
    const sessionId = /cs_\w+/.exec(res.headers.get('location')!)![0];
    const done = await fetch(`${baseUrl}/signup/default/done?session_id=${sessionId}`);
    const html = await done.text();
    expect(html).toContain('data-outcome="open"');
    expect(html).toContain('href="/signup/default"');
    expect((await fetch(`${baseUrl}/signup/default/done?session_id=garbage`)).status).toBe(404);
  });
});
