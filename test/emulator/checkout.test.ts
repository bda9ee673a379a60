import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { GOOD_CARD, recurringPrice, startTestEmulator, submitCheckout } from '../helpers/emulator';

let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 2500, 'Pro');
});
afterAll(async () => {
  await t.emulator.close();
});

async function openSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: 'https://app.example/done?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.example/cancel',
    ...extra,
  });
}

function eventsAfter(events: Stripe.Event[], since: string): Stripe.Event[] {
  const chronological = [...events].reverse();
  return chronological.slice(chronological.findIndex((e) => e.id === since) + 1);
}

describe('creating sessions', () => {
  it('returns an open session whose url is the emulator’s hosted page', async () => {
    const s = await openSession({ customer_email: 'buyer@x.io', client_reference_id: 'user_7', metadata: { cart: '9' } });
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.url).toBe(`${t.emulator.url}/c/pay/${s.id}`);
    expect(s).toMatchObject({
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      customer: null,
      customer_email: 'buyer@x.io',
      client_reference_id: 'user_7',
      metadata: { cart: '9' },
      amount_total: 5000,
      currency: 'usd',
      subscription: null,
    });
    expect(s.expires_at - s.created).toBe(24 * 3600);
    expect(s.line_items).toBeUndefined();

    const withItems = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ['line_items'] });
    expect(withItems.line_items?.data).toHaveLength(1);
    expect(withItems.line_items?.data[0]).toMatchObject({ object: 'item', quantity: 2, amount_total: 5000, description: 'Pro' });
    const items = await t.stripe.checkout.sessions.listLineItems(s.id);
    expect(items.data[0].price?.id).toBe(price.id);
  });

  it('validates its params like Stripe', async () => {
    const noSuccess = await t.stripe.checkout.sessions
      .create({ mode: 'subscription', line_items: [{ price: price.id, quantity: 1 }] })
      .catch((e: unknown) => e);
    if (!(noSuccess instanceof Stripe.errors.StripeInvalidRequestError)) throw noSuccess;
    expect(noSuccess.param).toBe('success_url');

    const c = await t.stripe.customers.create({ email: 'both@x.io' });
    const both = await openSession({ customer: c.id, customer_email: 'both@x.io' }).catch((e: unknown) => e);
    if (!(both instanceof Stripe.errors.StripeInvalidRequestError)) throw both;
    expect(both.message).toContain('customer, customer_email');

    const badPrice = await openSession({ line_items: [{ price: 'price_missing', quantity: 1 }] }).catch((e: unknown) => e);
    if (!(badPrice instanceof Stripe.errors.StripeInvalidRequestError)) throw badPrice;
    expect(badPrice.statusCode).toBe(404);
    expect(badPrice.param).toBe('line_items[0][price]');
  });

  it('expires an open session and shows the hosted page as closed', async () => {
    const s = await openSession();
    const expired = await t.stripe.checkout.sessions.expire(s.id);
    expect(expired.status).toBe('expired');
    expect(expired.url).toBeNull();
    const again = await t.stripe.checkout.sessions.expire(s.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const page = await fetch(`${t.emulator.url}/c/pay/${s.id}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This Checkout Session has expired.');
    const listed = await t.stripe.checkout.sessions.list({ status: 'expired' });
    expect(listed.data.map((x) => x.id)).toContain(s.id);
  });
});

describe('the hosted page', () => {
  it('renders Stripe’s input ids, the line items and one Subscribe button', async () => {
    const s = await openSession({ customer_email: 'page@x.io' });
    const res = await fetch(s.url ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    for (const id of ['email', 'cardNumber', 'cardExpiry', 'cardCvc', 'billingName']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/id="email" name="email" value="page@x.io" readonly/);
    expect(html.match(/<button type="submit"[^>]*>Subscribe<\/button>/g)).toHaveLength(1);
    expect(html).toContain('Pro');
    expect(html).toContain('$25.00');
    expect(html).toContain('per month');
    expect(html).toContain('$50.00');
  });

  it('shows a zero-decimal currency’s amount as it is: unit_amount 500 in JPY is ¥500', async () => {
    // Stripe's amounts are in the currency's smallest unit, and JPY has none below the yen
    // (https://docs.stripe.com/currencies#zero-decimal): ¥500 is 500, $5.00 is 500.
    const yen = await t.stripe.prices.create({ currency: 'jpy', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Yen plan' } });
    const s = await openSession({ line_items: [{ price: yen.id, quantity: 3 }] });
    const html = await (await fetch(s.url ?? '')).text();
    expect(html).toContain('¥500');
    expect(html).toContain('¥1,500');
    expect(html).not.toContain('¥5.00');
  });

  it('re-renders with a message on bad input and creates nothing', async () => {
    const s = await openSession();
    const cases: [Record<string, string>, string][] = [
      [{ ...GOOD_CARD, email: 'nope' }, 'Your email is incomplete.'],
      [{ ...GOOD_CARD, email: 'a@b.co', cardNumber: '4242 4242 4242 4241' }, 'Your card number is invalid.'],
      [{ ...GOOD_CARD, email: 'a@b.co', cardExpiry: '01 / 20' }, "Your card's expiration year is in the past."],
      [{ ...GOOD_CARD, email: 'a@b.co', cardCvc: '12' }, "Your card's security code is incomplete."],
    ];
    for (const [fields, message] of cases) {
      const res = await submitCheckout(s.url ?? '', fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message.replace(/'/g, '&#39;'));
      expect(html).not.toContain('4242 4242 4242 4241');
    }
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
  });

  it.each([
    ['4000000000000002', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.'],
    ['4000000000000069', 'Your card has expired.'],
  ])('declines %s with “%s” and creates no subscription', async (cardNumber, message) => {
    const before = (await t.stripe.subscriptions.list({ status: 'all', limit: 100 })).data.length;
    const s = await openSession();
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'declined@x.io', cardNumber });
    expect(res.status).toBe(402);
    expect(await res.text()).toContain(message);
    const after = await t.stripe.subscriptions.list({ status: 'all', limit: 100 });
    expect(after.data.length).toBe(before);
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
  });
});

describe('paying a session', () => {
  it('creates customer, payment method, subscription, invoice and payment, then redirects', async () => {
    const s = await openSession({
      customer_email: 'payer@x.io',
      subscription_data: { metadata: { seat: 'a' } },
    });
    const marker = (await t.stripe.events.list({ limit: 1 })).data[0].id;
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'payer@x.io' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://app.example/done?session=${s.id}`);

    const done = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ['subscription', 'customer'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    const customer = done.customer as Stripe.Customer;
    const sub = done.subscription as Stripe.Subscription;
    expect(customer).toMatchObject({ email: 'payer@x.io', name: 'Ada Lovelace' });
    expect(sub).toMatchObject({ status: 'active', customer: customer.id, metadata: { seat: 'a' }, trial_end: null });
    expect(sub.default_payment_method).toBe(customer.invoice_settings.default_payment_method);
    const item = sub.items.data[0];
    expect(item).toMatchObject({ quantity: 2, price: { id: price.id }, plan: { id: price.id, amount: 2500, interval: 'month' } });
    const start = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    expect((end.getUTCMonth() - start.getUTCMonth() + 12) % 12).toBe(1);

    const pm = await t.stripe.paymentMethods.retrieve(String(sub.default_payment_method));
    expect(pm).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } });
    expect(JSON.stringify(pm)).not.toContain('4242424242424242');

    const invoice = await t.stripe.invoices.retrieve(String(sub.latest_invoice), {
      expand: ['payments.data.payment.payment_intent.latest_charge'],
    });
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_due: 5000,
      amount_paid: 5000,
      amount_remaining: 0,
      attempt_count: 1,
      attempted: true,
      customer: customer.id,
      parent: { type: 'subscription_details', subscription_details: { subscription: sub.id } },
    });
    expect(invoice.number).toMatch(/^[A-Z0-9]{8}-0001$/);
    expect(invoice.status_transitions.paid_at).toBeGreaterThan(0);
    expect(invoice.lines.data[0]).toMatchObject({
      amount: 5000,
      quantity: 2,
      period: { start: item.current_period_start, end: item.current_period_end },
      pricing: { price_details: { price: price.id } },
    });
    const payment = invoice.payments?.data[0];
    expect(payment?.status).toBe('paid');
    const pi = payment?.payment.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 5000, amount_received: 5000, customer: customer.id });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, amount: 5000, payment_method_details: { card: { brand: 'visa', last4: '4242' } } });

    const events = eventsAfter((await t.stripe.events.list({ limit: 100 })).data, marker);
    expect(events.map((e) => e.type)).toEqual([
      'customer.created',
      'payment_method.attached',
      'customer.updated',
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice_payment.paid',
      'invoice.paid',
      'invoice.payment_succeeded',
      'checkout.session.completed',
    ]);
    const snapshots = events.filter((e) => e.type.startsWith('invoice.')).map((e) => (e.data.object as Stripe.Invoice).status);
    expect(snapshots).toEqual(['draft', 'open', 'paid', 'paid']);
    expect(events.every((e) => e.api_version === '2026-10-28.endive' && e.livemode === false)).toBe(true);

    const page = await fetch(s.url ?? `${t.emulator.url}/c/pay/${s.id}`);
    expect(await page.text()).toContain('This Checkout Session is complete.');
  });

  it('starts a trial with a paid $0 invoice and no charge', async () => {
    const s = await openSession({ subscription_data: { trial_period_days: 14 } });
    expect(s.amount_total).toBe(0);
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'trial@x.io' });
    expect(res.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ['subscription.latest_invoice'] });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBe((sub.trial_start ?? 0) + 14 * 86400);
    expect(sub.items.data[0].current_period_end).toBe(sub.trial_end);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 0, amount_paid: 0 });
    expect(invoice.lines.data[0].description).toBe('Trial period for Pro');
    const payments = await t.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data).toEqual([]);
    const customer = String(sub.customer);
    expect((await t.stripe.paymentIntents.list({ customer })).data).toEqual([]);
    expect((await t.stripe.charges.list({ customer })).data).toEqual([]);
  });

  it('uses the session’s customer and locks the email field', async () => {
    const c = await t.stripe.customers.create({ email: 'known@x.io', name: 'Known' });
    const s = await openSession({ customer: c.id });
    const html = await (await fetch(s.url ?? '')).text();
    expect(html).toMatch(/id="email" name="email" value="known@x.io" readonly/);
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'someone-else@x.io' });
    expect(res.status).toBe(303);
    const subs = await t.stripe.subscriptions.list({ customer: c.id });
    expect(subs.data).toHaveLength(1);
    const customers = await t.stripe.customers.list({ email: 'someone-else@x.io' });
    expect(customers.data).toEqual([]);
    const after = await t.stripe.customers.retrieve(c.id);
    if (after.deleted) throw new Error('customer deleted');
    expect(after.invoice_settings.default_payment_method).toBe(subs.data[0].default_payment_method);
  });

  it('lists what the flow created, filtered by customer, subscription and status', async () => {
    const c = await t.stripe.customers.create({ email: 'lists@x.io' });
    const s = await openSession({ customer: c.id });
    await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'lists@x.io' });
    const subs = await t.stripe.subscriptions.list({ customer: c.id, status: 'active' });
    const sub = subs.data[0];
    const invoices = await t.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data).toHaveLength(1);
    expect((await t.stripe.invoices.list({ customer: c.id, status: 'open' })).data).toEqual([]);
    const pis = await t.stripe.paymentIntents.list({ customer: c.id });
    expect(pis.data).toHaveLength(1);
    const charges = await t.stripe.charges.list({ payment_intent: pis.data[0].id });
    expect(charges.data[0].id).toBe(pis.data[0].latest_charge);
    const ip = await t.stripe.invoicePayments.list({ invoice: invoices.data[0].id, status: 'paid' });
    expect(ip.data[0].payment).toEqual({ type: 'payment_intent', payment_intent: pis.data[0].id });
    const pms = await t.stripe.paymentMethods.list({ customer: c.id, type: 'card' });
    expect(pms.data[0].id).toBe(sub.default_payment_method);
    const sessions = await t.stripe.checkout.sessions.list({ customer: c.id });
    expect(sessions.data.map((x) => x.status)).toEqual(['complete']);
  });
});

describe('a card that attaches but fails its charges (4000000000000341)', () => {
  it('attaches the card, shows the decline and leaves the session open without a subscription', async () => {
    const s = await openSession({ customer_email: 'fails@x.io' });
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'fails@x.io', cardNumber: '4000000000000341' });
    expect(res.status).toBe(402);
    expect(await res.text()).toContain('Your card was declined.');
    const open = await t.stripe.checkout.sessions.retrieve(s.id);
    expect(open.status).toBe('open');
    const customer = String(open.customer);
    const pms = await t.stripe.customers.listPaymentMethods(customer);
    expect(pms.data[0].card?.last4).toBe('0341');
    expect((await t.stripe.subscriptions.list({ customer, status: 'all' })).data).toEqual([]);
    const retry = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'fails@x.io' });
    expect(retry.status).toBe(303);
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).customer).toBe(customer);
  });
});
