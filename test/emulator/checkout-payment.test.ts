import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { GOOD_CARD, recurringPrice, startTestEmulator, submitCheckout } from '../helpers/emulator';

// Payment-mode Checkout: one-time prices, paid with a PaymentIntent when the hosted page is
// submitted (docs.stripe.com/api/checkout/sessions/create, `mode=payment`).
let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1500, product_data: { name: 'T-shirt' } });
});
afterAll(async () => {
  await t.emulator.close();
});

function openSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: 'https://shop.example/done',
    ...extra,
  });
}

async function refusal(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err: unknown = await p.catch((e: unknown) => e);
  if (!(err instanceof Stripe.errors.StripeError)) throw new Error('expected a Stripe error');
  return err;
}

describe('payment-mode Checkout Sessions', () => {
  it('open without a PaymentIntent, which is made when the page is paid', async () => {
    const s = await openSession({ payment_intent_data: { description: 'order 7', metadata: { order: '7' } } });
    expect(s).toMatchObject({
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 3000,
      currency: 'usd',
      payment_intent: null,
      customer: null,
      customer_creation: 'if_required',
      invoice_creation: { enabled: false },
    });
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'guest@shop.example' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://shop.example/done');
    const done = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ['payment_intent'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null, customer: null });
    expect(done.customer_details?.email).toBe('guest@shop.example');
    const pi = done.payment_intent;
    if (pi === null || typeof pi === 'string') throw new Error('expected an expanded PaymentIntent');
    expect(pi).toMatchObject({ status: 'succeeded', amount: 3000, amount_received: 3000, description: 'order 7', metadata: { order: '7' } });
    const events = await t.stripe.events.list({ limit: 10 });
    const types = events.data.map((e) => e.type).reverse();
    expect(types.slice(-4)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'checkout.session.completed']);
  });

  it('makes a customer only with customer_creation=always', async () => {
    const s = await openSession({ customer_creation: 'always' });
    await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'kept@shop.example' });
    const done = await t.stripe.checkout.sessions.retrieve(s.id);
    const customer = await t.stripe.customers.retrieve(String(done.customer));
    expect(customer).toMatchObject({ email: 'kept@shop.example' });
  });

  it('stays open after a decline, and the retry confirms the same PaymentIntent', async () => {
    const s = await openSession();
    const declined = await submitCheckout(s.url ?? '', { ...GOOD_CARD, cardNumber: '4000 0000 0000 0341', email: 'x@shop.example' });
    expect(declined.status).toBe(402);
    const open = await t.stripe.checkout.sessions.retrieve(s.id);
    expect(open.status).toBe('open');
    const firstPi = open.payment_intent;
    expect(firstPi).toMatch(/^pi_/);
    expect((await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'x@shop.example' })).status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(s.id);
    expect(done).toMatchObject({ status: 'complete', payment_intent: firstPi });
  });

  it('refuses what Stripe refuses in payment mode', async () => {
    const monthly = await recurringPrice(t.stripe, 900, 'Monthly');
    const recurring = await refusal(openSession({ line_items: [{ price: monthly.id, quantity: 1 }] }));
    expect(recurring.message).toContain('You specified `payment` mode but passed a recurring price');
    const subscriptionData = await refusal(openSession({ subscription_data: { trial_period_days: 7 } }));
    expect(subscriptionData.param).toBe('subscription_data');
    const wrongMode = await refusal(
      t.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: monthly.id, quantity: 1 }],
        success_url: 'https://shop.example/done',
        customer_creation: 'always',
      }),
    );
    expect(wrongMode.param).toBe('customer_creation');
  });
});
