import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';

// The legacy Charges API's writes (docs.stripe.com/api/charges): create with a token or a
// customer's card, capture an authorisation, update.
let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.emulator.close();
});

async function refusal(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err: unknown = await p.catch((e: unknown) => e);
  if (!(err instanceof Stripe.errors.StripeError)) throw new Error('expected a Stripe error');
  return err;
}

describe('charges', () => {
  it('charges a token, naming the one-off card as its source', async () => {
    const ch = await t.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa', description: 'one-off' });
    expect(ch).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      paid: true,
      captured: true,
      amount_captured: 1000,
      customer: null,
      payment_intent: null,
      description: 'one-off',
    });
    expect(ch.source).toMatchObject({ object: 'card', last4: '4242', customer: null });
  });

  it('charges a customer’s default source, and refuses a card the customer does not have', async () => {
    const customer = await t.stripe.customers.create({ source: 'tok_mastercard' });
    const ch = await t.stripe.charges.create({ amount: 700, currency: 'usd', customer: customer.id });
    expect(ch).toMatchObject({ status: 'succeeded', customer: customer.id, source: { id: customer.default_source } });
    const foreign = await refusal(t.stripe.charges.create({ amount: 700, currency: 'usd', customer: customer.id, source: 'tok_visa' }));
    expect(foreign.message).toBe(`Customer ${customer.id} does not have a linked source with ID tok_visa.`);
    const bare = await t.stripe.customers.create({});
    const noCard = await refusal(t.stripe.charges.create({ amount: 700, currency: 'usd', customer: bare.id }));
    expect(noCard.message).toBe('Cannot charge a customer that has no active card');
    const nothing = await refusal(t.stripe.charges.create({ amount: 700, currency: 'usd' }));
    expect(nothing.message).toBe('Must provide source or customer.');
    const small = await refusal(t.stripe.charges.create({ amount: 10, currency: 'usd', source: 'tok_visa' }));
    expect(small.code).toBe('amount_too_small');
  });

  it('answers a decline with 402 naming the failed charge it recorded', async () => {
    const err = await refusal(t.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_chargeDeclined' }));
    expect(err).toMatchObject({ rawType: 'card_error', code: 'card_declined', decline_code: 'generic_decline', statusCode: 402 });
    const failed = await t.stripe.charges.retrieve(String(err.charge));
    expect(failed).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });
  });

  it('captures an authorisation once, in full or in part', async () => {
    const auth = await t.stripe.charges.create({ amount: 2000, currency: 'usd', source: 'tok_visa', capture: false });
    expect(auth).toMatchObject({ status: 'succeeded', captured: false, amount_captured: 0, balance_transaction: null });
    const captured = await t.stripe.charges.capture(auth.id, { amount: 1500 });
    expect(captured).toMatchObject({ captured: true, amount_captured: 1500, amount_refunded: 500 });
    const again = await refusal(t.stripe.charges.capture(auth.id));
    expect(again.code).toBe('charge_already_captured');
    const full = await t.stripe.charges.capture((await t.stripe.charges.create({ amount: 900, currency: 'usd', source: 'tok_visa', capture: false })).id);
    expect(full).toMatchObject({ captured: true, amount_captured: 900, amount_refunded: 0 });
  });

  it('updates description and metadata, announcing the change', async () => {
    const ch = await t.stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const next = await t.stripe.charges.update(ch.id, { description: 'renamed', metadata: { order: '12' } });
    expect(next).toMatchObject({ description: 'renamed', metadata: { order: '12' } });
    const [event] = (await t.stripe.events.list({ type: 'charge.updated', limit: 1 })).data;
    expect(event.data.object).toMatchObject({ id: ch.id });
    expect(event.data.previous_attributes).toEqual({ description: null, metadata: {} });
  });
});
