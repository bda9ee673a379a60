import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { GOOD_CARD, recurringPrice, startTestEmulator, submitCheckout } from '../helpers/emulator';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});

async function setupSession(customer: string, metadata: Record<string, string> = {}): Promise<Stripe.Checkout.Session> {
  return t.stripe.checkout.sessions.create({
    mode: 'setup',
    customer,
    currency: 'usd',
    success_url: 'https://app.example/card-saved?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.example/billing',
    setup_intent_data: { metadata },
  });
}

async function eventIds(): Promise<Set<string>> {
  return new Set((await t.stripe.events.list({ limit: 100 })).data.map((e) => e.id));
}

/** Types of the events not in `before`, oldest first. */
async function typesSince(before: Set<string>): Promise<string[]> {
  const events = await t.stripe.events.list({ limit: 100 });
  return events.data
    .filter((e) => !before.has(e.id))
    .map((e) => e.type)
    .reverse();
}

async function failure(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeError)) throw new Error(`expected a Stripe error, got ${String(err)}`);
  return err;
}

describe('Checkout in setup mode', () => {
  it('opens a session that charges nothing and renders the card form with one submit button', async () => {
    const customer = await t.stripe.customers.create({ email: 'setup-page@x.io' });
    const s = await setupSession(customer.id);
    expect(s).toMatchObject({
      mode: 'setup',
      status: 'open',
      customer: customer.id,
      currency: 'usd',
      amount_total: null,
      payment_status: 'no_payment_required',
      setup_intent: null,
      subscription: null,
      cancel_url: 'https://app.example/billing',
    });
    const html = await (await fetch(s.url ?? '')).text();
    for (const id of ['email', 'cardNumber', 'cardExpiry', 'cardCvc', 'billingName']) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/id="email" name="email" value="setup-page@x.io" readonly/);
    expect(html.match(/<button type="submit"/g)).toHaveLength(1);
    expect(html).toContain('Save card');
  });

  it('saves the card on the customer and redirects with the session id', async () => {
    const customer = await t.stripe.customers.create({ email: 'setup@x.io' });
    const s = await setupSession(customer.id, { purpose: 'card-update' });
    const since = await eventIds();
    const res = await submitCheckout(s.url ?? '', { ...GOOD_CARD, email: 'ignored@x.io' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`https://app.example/card-saved?session=${s.id}`);

    const done = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ['setup_intent.payment_method'] });
    expect([done.status, done.url, done.customer_details?.email]).toEqual(['complete', null, 'setup@x.io']);
    const si = done.setup_intent;
    if (si === null || typeof si === 'string') throw new Error('setup_intent was not expanded');
    expect([si.status, si.customer, si.metadata, si.usage]).toEqual(['succeeded', customer.id, { purpose: 'card-update' }, 'off_session']);
    const pm = si.payment_method;
    if (pm === null || typeof pm === 'string') throw new Error('payment_method was not expanded');
    expect([pm.customer, pm.card?.last4, pm.billing_details.name]).toEqual([customer.id, '4242', 'Ada Lovelace']);
    // Stripe leaves the default payment method alone; the integration switches it.
    const after = await t.stripe.customers.retrieve(customer.id);
    if (after.deleted) throw new Error('deleted');
    expect(after.invoice_settings.default_payment_method).toBeNull();

    const types = await typesSince(since);
    expect([...types].sort()).toEqual(['checkout.session.completed', 'payment_method.attached', 'setup_intent.created', 'setup_intent.succeeded']);
    expect(types[types.length - 1]).toBe('checkout.session.completed');
    const page = await fetch(s.url ?? '');
    expect(page.status).toBe(410);
  });

  it('shows a decline for 0002 and saves nothing; 0341 attaches and fails only when charged', async () => {
    const customer = await t.stripe.customers.create({ email: 'flaky@x.io' });
    const s = await setupSession(customer.id);
    const declined = await submitCheckout(s.url ?? '', { ...GOOD_CARD, cardNumber: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);

    const saved = await submitCheckout(s.url ?? '', { ...GOOD_CARD, cardNumber: '4000 0000 0000 0341' });
    expect(saved.status).toBe(303);
    const [pm] = (await t.stripe.customers.listPaymentMethods(customer.id)).data;
    expect(pm.card?.last4).toBe('0341');
    const price = await recurringPrice(t.stripe, 900, 'Later');
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: pm.id,
      expand: ['latest_invoice'],
    });
    const invoice = sub.latest_invoice;
    if (invoice === null || typeof invoice === 'string') throw new Error('latest_invoice was not expanded');
    expect([sub.status, invoice.status, invoice.attempt_count]).toEqual(['incomplete', 'open', 1]);
  });

  it('refuses parameters of the other mode, naming them', async () => {
    const customer = await t.stripe.customers.create({ email: 'params@x.io' });
    const price = await recurringPrice(t.stripe, 900, 'Mixed');
    const withItems = await failure(
      t.stripe.checkout.sessions.create({
        mode: 'setup',
        customer: customer.id,
        success_url: 'https://a.example/ok',
        line_items: [{ price: price.id, quantity: 1 }],
      }),
    );
    expect([withItems.statusCode, withItems.param]).toEqual([400, 'line_items']);
    const setupData = await failure(
      t.stripe.checkout.sessions.create({
        mode: 'subscription',
        success_url: 'https://a.example/ok',
        line_items: [{ price: price.id, quantity: 1 }],
        setup_intent_data: { metadata: { a: '1' } },
      }),
    );
    expect([setupData.statusCode, setupData.param]).toEqual([400, 'setup_intent_data']);
    const noSuccess = await failure(t.stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id }));
    expect(noSuccess.param).toBe('success_url');
  });
});
