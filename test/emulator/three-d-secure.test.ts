import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { GOOD_CARD, recurringPrice, startTestEmulator, submitCheckout } from '../helpers/emulator';
import { DAY, advanceClock, clockCustomer, eventsFor, monthStart } from '../helpers/clock';

// 3D Secure as Stripe's test cards behave (docs.stripe.com/testing, "Authentication and setup"
// and "3D Secure authentication"): 4000002500003155 asks on session and off session until set up,
// 4000002760003184 always asks, 4000008260003178 asks and then declines for insufficient funds.
// Subscriptions: docs.stripe.com/billing/subscriptions/overview#requires-action and the
// invoice.payment_action_required event; invoices.pay: error invoice_payment_intent_requires_action.

let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 2000, 'Secure');
});
afterAll(async () => {
  await t.emulator.close();
});

async function refusal(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeError)) throw new Error(`expected a Stripe error, got ${String(err)}`);
  return err;
}

/** Presses Complete or Fail on the emulator's 3D Secure page, as the cardholder would. */
async function authenticate(url: string, outcome: 'complete' | 'fail'): Promise<Response> {
  const page = await fetch(url);
  const html = await page.text();
  expect(html).toContain('id="test-source-authorize-3ds"');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, '&') ?? '';
  return fetch(new URL(action, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `outcome=${outcome}`,
  });
}

async function invoiceIntent(invoiceId: string): Promise<Stripe.PaymentIntent> {
  const payments = await t.stripe.invoicePayments.list({ invoice: invoiceId, expand: ['data.payment.payment_intent'] });
  const pi = payments.data[0]?.payment.payment_intent;
  if (!pi || typeof pi === 'string') throw new Error('invoice has no payment intent');
  return pi;
}

describe('payment intents that need authentication', () => {
  it('wait in requires_action on session, and succeed once the cardholder completes 3D Secure', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
      return_url: 'https://shop.example/back',
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('redirect_to_url');
    expect(pi.latest_charge).toBeNull();
    const done = await authenticate(pi.next_action?.redirect_to_url?.url ?? '', 'complete');
    expect(done.status).toBe(303);
    const back = new URL(done.headers.get('location') ?? '');
    expect([back.origin, back.searchParams.get('payment_intent'), back.searchParams.get('redirect_status')]).toEqual([
      'https://shop.example',
      pi.id,
      'succeeded',
    ]);
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('need another payment method when authentication fails', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      return_url: 'https://shop.example/back',
    });
    expect(pi.status).toBe('requires_action');
    await authenticate(pi.next_action?.redirect_to_url?.url ?? '', 'fail');
    const failed = await t.stripe.paymentIntents.retrieve(pi.id);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  it('decline 4000008260003178 for insufficient funds after a completed authentication', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      payment_method: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
      confirm: true,
      return_url: 'https://shop.example/back',
    });
    const done = await authenticate(pi.next_action?.redirect_to_url?.url ?? '', 'complete');
    expect(new URL(done.headers.get('location') ?? '').searchParams.get('redirect_status')).toBe('failed');
    const declined = await t.stripe.paymentIntents.retrieve(pi.id);
    expect([declined.status, declined.last_payment_error?.decline_code]).toEqual(['requires_payment_method', 'insufficient_funds']);
  });

  it('fail off session with authentication_required, and 3155 goes through off session once set up', async () => {
    const customer = await t.stripe.customers.create({ email: 'offsession@x.io' });
    const always = await t.stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const err = await refusal(
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: always.id, off_session: true, confirm: true }),
    );
    expect([err.statusCode, err.code]).toEqual([402, 'authentication_required']);

    const onSetup = await t.stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', { customer: customer.id });
    const before = await refusal(
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: onSetup.id, off_session: true, confirm: true }),
    );
    expect(before.code).toBe('authentication_required');
    const setup = await t.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: onSetup.id,
      usage: 'off_session',
      confirm: true,
      return_url: 'https://shop.example/saved',
    });
    expect(setup.status).toBe('requires_action');
    await authenticate(setup.next_action?.redirect_to_url?.url ?? '', 'complete');
    expect((await t.stripe.setupIntents.retrieve(setup.id)).status).toBe('succeeded');
    const later = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      customer: customer.id,
      payment_method: onSetup.id,
      off_session: true,
      confirm: true,
    });
    expect(later.status).toBe('succeeded');
  });
});

describe('subscriptions on cards that need authentication', () => {
  it('start incomplete, with the first invoice’s payment intent in requires_action', async () => {
    const customer = await t.stripe.customers.create({ invoice_settings: { default_payment_method: 'pm_card_authenticationRequired' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('incomplete');
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice.status).toBe('open');
    expect((await invoiceIntent(invoice.id)).status).toBe('requires_action');
    const refused = await refusal(
      t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' }),
    );
    expect([refused.statusCode, refused.code]).toEqual([402, 'invoice_payment_intent_requires_action']);
  });

  it('renewing off session: invoice.payment_action_required, past_due, no automatic retry; paid on the hosted invoice page', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('active');
    const secure = await t.stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: secure.id });
    const renewal = monthStart(1);
    await advanceClock(t.stripe, clock.id, renewal + 60);

    const pastDue = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(pastDue.status).toBe('past_due');
    const invoice = pastDue.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: null });
    expect(await eventsFor(t.stripe, 'invoice.payment_action_required', invoice.id)).toHaveLength(1);
    expect((await invoiceIntent(invoice.id)).status).toBe('requires_action');

    // Stripe never retries a payment only the customer can complete.
    await advanceClock(t.stripe, clock.id, renewal + 8 * DAY);
    expect((await t.stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(1);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');

    const offSession = await refusal(t.stripe.invoices.pay(invoice.id));
    expect([offSession.statusCode, offSession.code]).toEqual([402, 'invoice_payment_intent_requires_action']);

    const hosted = await fetch(invoice.hosted_invoice_url ?? '');
    const html = await hosted.text();
    expect(html).toContain('id="confirm-payment"');
    const link = /id="confirm-payment" href="([^"]+)"/.exec(html)?.[1]?.replace(/&#38;/g, '&') ?? '';
    const done = await authenticate(new URL(link, invoice.hosted_invoice_url ?? '').toString(), 'complete');
    expect(done.headers.get('location')).toBe(`/i/${invoice.id}`);
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 2000 });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('lets the customer pay an open invoice with a new card on the hosted invoice page', async () => {
    const { clock, customer } = await clockCustomer(t.stripe, 'pm_card_visa', monthStart(2));
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advanceClock(t.stripe, clock.id, monthStart(3) + 60);
    const invoice = await t.stripe.invoices.retrieve((await t.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(invoice.status).toBe('open');
    const url = invoice.hosted_invoice_url ?? '';
    const post = (fields: Record<string, string>) => submitCheckout(`${url}/pay`, fields);
    const declined = await post({ cardNumber: '4000 0000 0000 9995', cardExpiry: GOOD_CARD.cardExpiry, cardCvc: '123', billingName: 'Ada' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('insufficient funds');
    const paid = await post({ cardNumber: GOOD_CARD.cardNumber, cardExpiry: GOOD_CARD.cardExpiry, cardCvc: '123', billingName: 'Ada' });
    expect(paid.status).toBe(303);
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', attempt_count: 1 });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});

describe('Checkout with a card that needs authentication', () => {
  async function session(): Promise<Stripe.Checkout.Session> {
    return t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example/done?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example/cancel',
    });
  }

  async function payWith(s: Stripe.Checkout.Session, cardNumber: string): Promise<string> {
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'sca@x.io', cardNumber });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('3D Secure');
    return html;
  }

  async function choose(s: Stripe.Checkout.Session, outcome: 'complete' | 'fail'): Promise<Response> {
    return submitCheckout(`${s.url ?? ''}/authenticate`, { outcome });
  }

  it('shows the authentication step, and completes the subscription after Complete; renewals then go through off session', async () => {
    const s = await session();
    await payWith(s, '4000 0025 0000 3155');
    const done = await choose(s, 'complete');
    expect(done.status).toBe(303);
    const completed = await t.stripe.checkout.sessions.retrieve(s.id);
    expect(completed.status).toBe('complete');
    const sub = await t.stripe.subscriptions.retrieve(completed.subscription as string);
    expect(sub.status).toBe('active');
    // Checkout set the card up for off-session use: a later off-session payment needs no authentication.
    const customer = await t.stripe.customers.retrieve(completed.customer as string);
    if (customer.deleted) throw new Error('customer deleted');
    const pm = customer.invoice_settings.default_payment_method as string;
    const later = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm,
      off_session: true,
      confirm: true,
    });
    expect(later.status).toBe('succeeded');
  });

  it('stays open with Stripe’s message when the cardholder fails authentication', async () => {
    const s = await session();
    await payWith(s, '4000 0027 6000 3184');
    const failed = await choose(s, 'fail');
    expect(failed.status).toBe(402);
    expect(await failed.text()).toContain('unable to authenticate');
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
  });

  it('shows the decline when 4000008260003178 is authenticated and then refused', async () => {
    const s = await session();
    await payWith(s, '4000 0082 6000 3178');
    const declined = await choose(s, 'complete');
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('insufficient funds');
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
  });
});
