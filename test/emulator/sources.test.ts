import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';

// The legacy card paths Stripe still accepts: `source` on customers (tokens such as tok_visa and
// tok_chargeDeclined, docs.stripe.com/testing#tokens), `default_source`, and the customer's
// sources (API reference: "Cards" under Customers — create, retrieve, update, delete, list).
// Invoices fall back to the default source when no default payment method is set.

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

describe('card sources', () => {
  it('takes a token at customer creation as the default source, and charges it for a subscription', async () => {
    const customer = await t.stripe.customers.create({ email: 'legacy@x.io', source: 'tok_visa' });
    expect(customer.default_source).toMatch(/^card_/);
    const sources = await t.stripe.customers.listSources(customer.id, { object: 'card' });
    expect(sources.data.map((s) => [s.id, (s as Stripe.Card).last4])).toEqual([[customer.default_source, '4242']]);

    const price = await recurringPrice(t.stripe, 1500, 'Legacy');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('active');
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 1500 });
  });

  it('refuses a declining token at creation, creating no customer', async () => {
    const before = (await t.stripe.customers.list({ limit: 100 })).data.length;
    const err = await refusal(t.stripe.customers.create({ email: 'nope@x.io', source: 'tok_chargeDeclined' }));
    expect([err.statusCode, err.code, err.param]).toEqual([402, 'card_declined', 'source']);
    expect((await t.stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it('adds, retrieves, updates, switches the default of and deletes sources', async () => {
    const customer = await t.stripe.customers.create({ source: 'tok_visa' });
    const first = customer.default_source as string;
    const added = (await t.stripe.customers.createSource(customer.id, { source: 'tok_mastercard' })) as Stripe.Card;
    expect(added.brand.toLowerCase()).toBe('mastercard');
    // A second card does not replace the default.
    expect((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ default_source: first });
    const updated = (await t.stripe.customers.updateSource(customer.id, added.id, { exp_month: '3', exp_year: '2040' })) as Stripe.Card;
    expect([updated.exp_month, updated.exp_year]).toEqual([3, 2040]);
    const switched = await t.stripe.customers.update(customer.id, { default_source: added.id });
    expect(switched.default_source).toBe(added.id);
    const deleted = await t.stripe.customers.deleteSource(customer.id, added.id);
    expect(deleted).toMatchObject({ id: added.id, deleted: true });
    expect(((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).default_source).toBe(first);
    expect((await refusal(t.stripe.customers.retrieveSource(customer.id, added.id))).statusCode).toBe(404);
    expect((await refusal(t.stripe.customers.update(customer.id, { default_source: 'card_missing' }))).statusCode).toBe(404);
  });

  it('answers a charge on a source that fails: tok_chargeCustomerFail attaches, then its invoice payment is declined', async () => {
    const customer = await t.stripe.customers.create({ source: 'tok_chargeCustomerFail' });
    const price = await recurringPrice(t.stripe, 1500, 'Legacy fail');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('incomplete');
    const charges = await t.stripe.charges.list({ customer: customer.id });
    expect(charges.data.map((c) => [c.status, c.failure_code])).toEqual([['failed', 'card_declined']]);
  });
});
