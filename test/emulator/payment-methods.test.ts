import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});

async function cardError(p: Promise<unknown>): Promise<Stripe.errors.StripeCardError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeCardError)) throw new Error(`expected a card error, got ${String(err)}`);
  return err;
}

describe('payment methods', () => {
  it('creates a card from tok_visa, unattached, without keeping the number', async () => {
    const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' }, billing_details: { name: 'Ada' } });
    expect(pm).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer: null,
      card: { brand: 'visa', last4: '4242' },
      billing_details: { name: 'Ada' },
    });
    expect(pm.id).toMatch(/^pm_/);
    const again = await t.stripe.paymentMethods.retrieve(pm.id);
    expect(again.card?.fingerprint).toBe(pm.card?.fingerprint);
  });

  it('attaches magic ids as fresh payment methods and emits payment_method.attached', async () => {
    const customer = await t.stripe.customers.create({ email: 'pm@x.io' });
    const a = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const b = await t.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const c = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(a.id).not.toBe('pm_card_visa');
    expect([a.card?.brand, b.card?.brand, c.card?.last4]).toEqual(['visa', 'mastercard', '0341']);
    expect(a.customer).toBe(customer.id);
    const listed = await t.stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data.map((pm) => pm.id)).toEqual([c.id, b.id, a.id]);
    const events = await t.stripe.events.list({ type: 'payment_method.attached', limit: 3 });
    expect(events.data.map((e) => (e.data.object as Stripe.PaymentMethod).id)).toEqual([c.id, b.id, a.id]);
  });

  it.each([
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['pm_card_visa_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'Your card has expired.'],
  ])('refuses to attach %s with a 402 card error', async (id, code, declineCode, message) => {
    const customer = await t.stripe.customers.create({ email: 'declined@x.io' });
    const err = await cardError(t.stripe.paymentMethods.attach(id, { customer: customer.id }));
    expect(err.statusCode).toBe(402);
    expect([err.code, err.decline_code, err.message]).toEqual([code, declineCode, message]);
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
  });

  it('attaches a tok_chargeDeclined card created first only if verification passes', async () => {
    const customer = await t.stripe.customers.create({ email: 'tok@x.io' });
    const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_chargeDeclined' } });
    const err = await cardError(t.stripe.paymentMethods.attach(pm.id, { customer: customer.id }));
    expect(err.decline_code).toBe('generic_decline');
    const ok = await t.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_chargeCustomerFail' } });
    const attached = await t.stripe.paymentMethods.attach(ok.id, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
  });

  it('sets the default payment method, and detaching clears it with payment_method.detached', async () => {
    const customer = await t.stripe.customers.create({ email: 'default@x.io' });
    const pm = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const updated = await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const magic = await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_card_mastercard' } });
    const def = await t.stripe.paymentMethods.retrieve(String(magic.invoice_settings.default_payment_method));
    expect(def).toMatchObject({ customer: customer.id, card: { brand: 'mastercard' } });

    const detached = await t.stripe.paymentMethods.detach(def.id);
    expect(detached.customer).toBeNull();
    const after = await t.stripe.customers.retrieve(customer.id);
    if (after.deleted) throw new Error('deleted');
    expect(after.invoice_settings.default_payment_method).toBeNull();
    const events = await t.stripe.events.list({ type: 'payment_method.detached', limit: 1 });
    expect((events.data[0].data.object as Stripe.PaymentMethod).id).toBe(def.id);

    const other = await t.stripe.customers.create({ email: 'other@x.io' });
    const stolen = await t.stripe.customers.update(other.id, { invoice_settings: { default_payment_method: pm.id } }).catch((e: unknown) => e);
    expect(stolen).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('refuses a card whose expiry has passed, as a card error', async () => {
    const year = new Date().getUTCFullYear();
    const card = (exp_month: number, exp_year: number) =>
      t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month, exp_year, cvc: '123' } });
    const lastYear = await cardError(card(12, year - 1));
    expect(lastYear).toMatchObject({ code: 'invalid_expiry_year', param: 'exp_year', message: "Your card's expiration year is invalid." });
    const twoDigits = await cardError(card(7, (year - 2001) % 100));
    expect(twoDigits.code).toBe('invalid_expiry_year');
    const month = new Date().getUTCMonth() + 1;
    if (month > 1) expect((await cardError(card(month - 1, year))).code).toBe('invalid_expiry_month');
    expect((await card(month, year)).card?.exp_year).toBe(year);
  });

  it('updates billing details and metadata', async () => {
    const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
    const updated = await t.stripe.paymentMethods.update(pm.id, { billing_details: { email: 'b@x.io' }, metadata: { k: 'v' }, card: { exp_year: 2040 } });
    expect(updated).toMatchObject({ billing_details: { email: 'b@x.io' }, metadata: { k: 'v' }, card: { exp_year: 2040, brand: 'mastercard' } });
  });
});
