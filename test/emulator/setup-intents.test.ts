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

/** Event types about `objectIds`, oldest first. */
async function eventTypesFor(...objectIds: string[]): Promise<string[]> {
  const events = await t.stripe.events.list({ limit: 100 });
  return events.data
    .filter((e) => objectIds.includes((e.data.object as { id: string }).id))
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

const RETURN = 'https://app.example/card-saved';

describe('setup intents', () => {
  it('creates and confirms in one call, attaching the card to the customer', async () => {
    const customer = await t.stripe.customers.create({ email: 'save@x.io' });
    const si = await t.stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
      metadata: { reason: 'card-update' },
      usage: 'off_session',
      // Without redirects no return_url is needed (changelog 2023-08-16, automatic payment methods by default).
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(si).toMatchObject({ object: 'setup_intent', status: 'succeeded', customer: customer.id, usage: 'off_session', metadata: { reason: 'card-update' } });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const pmId = typeof si.payment_method === 'string' ? si.payment_method : '';
    const pm = await t.stripe.paymentMethods.retrieve(pmId);
    expect([pm.customer, pm.card?.last4]).toEqual([customer.id, '4242']);
    expect(await eventTypesFor(si.id, pmId)).toEqual(['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);

    const expanded = await t.stripe.setupIntents.retrieve(si.id, { expand: ['payment_method'] });
    expect(typeof expanded.payment_method === 'object' && expanded.payment_method?.id).toBe(pmId);
  });

  it('waits for a payment method, then confirms a 0341 card, which attaches fine', async () => {
    const customer = await t.stripe.customers.create({ email: 'later@x.io' });
    const si = await t.stripe.setupIntents.create({ customer: customer.id });
    expect([si.status, si.payment_method]).toEqual(['requires_payment_method', null]);
    const noReturn = await failure(t.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_chargeCustomerFail' }));
    expect([noReturn.statusCode, noReturn.param]).toEqual([400, 'return_url']);
    const confirmed = await t.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_chargeCustomerFail', return_url: RETURN });
    expect(confirmed.status).toBe('succeeded');
    const methods = await t.stripe.customers.listPaymentMethods(customer.id);
    expect(methods.data.map((m) => m.card?.last4)).toEqual(['0341']);

    const again = await failure(t.stripe.setupIntents.confirm(si.id));
    expect([again.statusCode, again.type]).toEqual([400, 'StripeInvalidRequestError']);
    const listed = await t.stripe.setupIntents.list({ customer: customer.id });
    expect(listed.data.map((s) => s.id)).toEqual([si.id]);
  });

  it('answers a card declined at verification with a 402 and leaves the intent waiting', async () => {
    const customer = await t.stripe.customers.create({ email: 'declined@x.io' });
    const si = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined' });
    expect(si.status).toBe('requires_confirmation');
    const err = await failure(t.stripe.setupIntents.confirm(si.id, { return_url: RETURN }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([err.statusCode, err.code, err.decline_code]).toEqual([402, 'card_declined', 'generic_decline']);
    const after = await t.stripe.setupIntents.retrieve(si.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline', type: 'card_error' });
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    expect(await eventTypesFor(si.id)).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);

    const fixed = await t.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa', return_url: RETURN });
    expect(fixed.status).toBe('succeeded');
  });

  it('updates metadata, cancels, and refuses what Stripe refuses', async () => {
    const si = await t.stripe.setupIntents.create({ metadata: { a: '1' } });
    const updated = await t.stripe.setupIntents.update(si.id, { metadata: { b: '2' } });
    expect(updated.metadata).toEqual({ a: '1', b: '2' });
    const canceled = await t.stripe.setupIntents.cancel(si.id, { cancellation_reason: 'abandoned' });
    expect([canceled.status, canceled.cancellation_reason]).toEqual(['canceled', 'abandoned']);
    expect((await failure(t.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' }))).statusCode).toBe(400);

    const missing = await failure(t.stripe.setupIntents.retrieve('seti_missing'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'resource_missing']);
    const noCustomer = await failure(t.stripe.setupIntents.create({ customer: 'cus_missing' }));
    expect([noCustomer.statusCode, noCustomer.param]).toEqual([404, 'customer']);
    const unknown = await failure(t.stripe.rawRequest('POST', '/v1/setup_intents', { flavour: 'x' }));
    expect([unknown.statusCode, unknown.param]).toEqual([400, 'flavour']);
    const noPm = await failure(t.stripe.setupIntents.create({ payment_method: 'pm_missing', confirm: true }));
    expect([noPm.statusCode, noPm.param]).toEqual([404, 'payment_method']);
  });
});
