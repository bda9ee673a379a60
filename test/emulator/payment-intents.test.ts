import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';

// Follows Stripe's API reference for Payment Intents (create, confirm, capture, cancel, update,
// list) and Charges (retrieve, list), the test cards of docs.stripe.com/testing, and the
// 2023-08-16 changelog "Enables automatic payment methods by default for PaymentIntents".

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
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

/** Cards only: no redirects, so no return_url is needed (changelog 2026-07-29, allowed_payment_method_types). */
const CARD_ONLY = { allowed_payment_method_types: ['card'] };

describe('creating a payment intent', () => {
  it('needs amount and currency, and at least the minimum charge', async () => {
    expect((await refusal(t.stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams))).param).toBe('amount');
    const small = await refusal(t.stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect([small.statusCode, small.code]).toEqual([400, 'amount_too_small']);
  });

  it('has automatic payment methods by default, whose confirmation needs a return_url unless off-session', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa' });
    expect(pi).toMatchObject({ status: 'requires_confirmation', automatic_payment_methods: { enabled: true, allow_redirects: 'always' } });
    const noReturn = await refusal(t.stripe.paymentIntents.confirm(pi.id));
    expect([noReturn.statusCode, noReturn.param]).toEqual([400, 'return_url']);
    const withReturn = await t.stripe.paymentIntents.confirm(pi.id, { return_url: 'https://shop.example/back' });
    expect(withReturn.status).toBe('succeeded');

    const noRedirects = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(noRedirects.status).toBe('succeeded');
    const both = await refusal(
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'], automatic_payment_methods: { enabled: true } }),
    );
    expect(both.statusCode).toBe(400);
    // Changelog 2026-09-30.endive: payment_method_types is no longer writable.
    const removed = await refusal(t.stripe.rawRequest('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method_types: ['card'] }));
    expect([removed.statusCode, removed.code]).toEqual([400, 'payment_method_types_no_longer_supported']);
  });

  it('refuses confirmation-only options without confirm=true, and creates nothing', async () => {
    const before = (await t.stripe.paymentIntents.list({ limit: 100 })).data.length;
    for (const extra of [{ off_session: true }, { return_url: 'https://shop.example' }, { error_on_requires_action: true }]) {
      const err = await refusal(t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', ...CARD_ONLY, ...extra }));
      expect(err.statusCode).toBe(400);
    }
    expect((await t.stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
  });
});

describe('confirming', () => {
  it('charges a good card once: a succeeded intent with its charge, and the events in Stripe’s order', async () => {
    const customer = await t.stripe.customers.create({ email: 'pi@x.io' });
    const pi = await t.stripe.paymentIntents.create({
      amount: 2300,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
      ...CARD_ONLY,
    });
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 2300, customer: customer.id });
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ paid: true, captured: true, amount: 2300, payment_intent: pi.id, status: 'succeeded' });
    expect((await t.stripe.charges.list({ payment_intent: pi.id })).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await t.stripe.paymentIntents.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([pi.id]);
    const types = (await t.stripe.events.list({ limit: 10 })).data
      .filter((e) => [pi.id, charge.id].includes((e.data.object as { id: string }).id))
      .map((e) => e.type)
      .reverse();
    expect(types).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  });

  it('answers a decline with 402, the failed charge and the intent, which waits for another card', async () => {
    const err = await refusal(
      t.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true, ...CARD_ONLY }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([err.statusCode, err.code, err.decline_code]).toEqual([402, 'card_declined', 'insufficient_funds']);
    const pi = err.payment_intent;
    expect(pi?.status).toBe('requires_payment_method');
    expect(pi?.last_payment_error?.decline_code).toBe('insufficient_funds');
    const charge = await t.stripe.charges.retrieve(pi?.latest_charge as string);
    expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });
    const retried = await t.stripe.paymentIntents.confirm(pi?.id ?? '', { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('never charges a card used without a customer twice', async () => {
    const pm = await t.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, ...CARD_ONLY });
    const again = await refusal(t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, ...CARD_ONLY }));
    expect([again.statusCode, again.param]).toEqual([400, 'payment_method']);
  });

  it('refuses a saved card on an intent for another customer', async () => {
    const owner = await t.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.paymentMethods.list({ customer: owner.id, type: 'card' })).data[0];
    const other = await t.stripe.customers.create({});
    const err = await refusal(
      t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: other.id, payment_method: pm.id, confirm: true, ...CARD_ONLY }),
    );
    expect([err.statusCode, err.param]).toEqual([400, 'payment_method']);
  });
});

describe('manual capture', () => {
  it('authorises, captures part, releases the rest, and cannot capture twice', async () => {
    const pi = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...CARD_ONLY,
    });
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 1000, amount_received: 0 });
    expect((await t.stripe.charges.retrieve(pi.latest_charge as string)).captured).toBe(false);
    const tooMuch = await refusal(t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1001 }));
    expect(tooMuch.statusCode).toBe(400);
    const captured = await t.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 600 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 600, amount_capturable: 0 });
    expect(await t.stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ captured: true, amount_captured: 600, amount_refunded: 400 });
    const twice = await refusal(t.stripe.paymentIntents.capture(pi.id));
    expect([twice.statusCode, twice.code]).toEqual([400, 'payment_intent_unexpected_state']);
  });

  it('cancels an authorisation, releasing it; a succeeded intent cannot be canceled', async () => {
    const held = await t.stripe.paymentIntents.create({
      amount: 800,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      ...CARD_ONLY,
    });
    const canceled = await t.stripe.paymentIntents.cancel(held.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect((await t.stripe.charges.retrieve(held.latest_charge as string)).refunded).toBe(true);
    const paid = await t.stripe.paymentIntents.create({ amount: 800, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY });
    const err = await refusal(t.stripe.paymentIntents.cancel(paid.id));
    expect([err.statusCode, err.code]).toEqual([400, 'payment_intent_unexpected_state']);
    const badReason = await refusal(t.stripe.paymentIntents.cancel(held.id, { cancellation_reason: 'bored' as 'abandoned' }));
    expect(badReason.statusCode).toBe(400);
  });
});

describe('updating', () => {
  it('changes an unpaid intent, and only the notes of a paid one', async () => {
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', ...CARD_ONLY });
    const updated = await t.stripe.paymentIntents.update(pi.id, { amount: 1200, metadata: { order: '7' }, payment_method: 'pm_card_visa' });
    expect(updated).toMatchObject({ amount: 1200, metadata: { order: '7' }, status: 'requires_confirmation' });
    const paid = await t.stripe.paymentIntents.confirm(pi.id);
    expect(paid.status).toBe('succeeded');
    const err = await refusal(t.stripe.paymentIntents.update(pi.id, { amount: 5 }));
    expect(err.statusCode).toBe(400);
    expect((await t.stripe.paymentIntents.update(pi.id, { metadata: { note: 'ok' } })).metadata).toEqual({ order: '7', note: 'ok' });
    expect((await refusal(t.stripe.paymentIntents.update(pi.id, { bogus: 1 } as Stripe.PaymentIntentUpdateParams))).statusCode).toBe(400);
    expect((await refusal(t.stripe.paymentIntents.retrieve('pi_missing'))).statusCode).toBe(404);
  });
});
