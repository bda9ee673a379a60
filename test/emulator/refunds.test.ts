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

/** A paid $30 invoice, and its charge. */
async function paidCharge(): Promise<Stripe.Charge> {
  const c = await t.stripe.customers.create({ invoice_settings: { default_payment_method: 'pm_card_visa' } });
  await t.stripe.invoiceItems.create({ customer: c.id, amount: 3000, currency: 'usd' });
  const inv = await t.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
  await t.stripe.invoices.finalizeInvoice(inv.id);
  await t.stripe.invoices.pay(inv.id);
  return (await t.stripe.charges.list({ customer: c.id })).data[0];
}

describe('refunds', () => {
  it('refunds part, then the rest, marking the charge refunded', async () => {
    const charge = await paidCharge();
    const part = await t.stripe.refunds.create({ charge: charge.id, amount: 1000, reason: 'requested_by_customer' });
    expect(part).toMatchObject({
      object: 'refund',
      amount: 1000,
      charge: charge.id,
      status: 'succeeded',
      reason: 'requested_by_customer',
      payment_intent: charge.payment_intent,
    });
    expect(await t.stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 1000, refunded: false });

    const rest = await t.stripe.refunds.create({ payment_intent: String(charge.payment_intent) });
    expect(rest.amount).toBe(2000);
    expect(await t.stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 3000, refunded: true });
    expect((await t.stripe.refunds.list({ charge: charge.id })).data.map((r) => r.amount)).toEqual([2000, 1000]);
    expect((await t.stripe.refunds.retrieve(part.id)).id).toBe(part.id);

    const types = (await t.stripe.events.list({ limit: 4 })).data.map((e) => e.type);
    expect(types).toEqual(['charge.refunded', 'refund.created', 'charge.refunded', 'refund.created']);

    const over = await t.stripe.refunds.create({ charge: charge.id, amount: 1 }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('refuses more than is left on the charge', async () => {
    const charge = await paidCharge();
    const err = await t.stripe.refunds.create({ charge: charge.id, amount: 5000 }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect(err.param).toBe('amount');
  });
});
