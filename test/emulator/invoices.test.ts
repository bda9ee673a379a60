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

async function customer(pm = 'pm_card_visa'): Promise<Stripe.Customer> {
  return t.stripe.customers.create({ email: 'inv@x.io', invoice_settings: { default_payment_method: pm } });
}

describe('invoices and invoice items', () => {
  it('collects pending items on a manual invoice, finalizes and pays it', async () => {
    const c = await customer();
    const a = await t.stripe.invoiceItems.create({ customer: c.id, amount: 1500, currency: 'usd', description: 'Setup fee' });
    await t.stripe.invoiceItems.create({ customer: c.id, amount: 500, currency: 'usd', description: 'Extra' });
    expect((await t.stripe.invoiceItems.list({ customer: c.id, pending: true })).data).toHaveLength(2);
    const draft = await t.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    expect(draft).toMatchObject({ status: 'draft', total: 2000, billing_reason: 'manual', number: null });
    expect((await t.stripe.invoiceItems.retrieve(a.id)).invoice).toBe(draft.id);
    const lines = await t.stripe.invoices.listLineItems(draft.id);
    expect(lines.data.map((l) => l.description)).toEqual(['Setup fee', 'Extra']);

    const extra = await t.stripe.invoiceItems.create({ customer: c.id, amount: 250, currency: 'usd', invoice: draft.id });
    expect((await t.stripe.invoices.retrieve(draft.id)).total).toBe(2250);
    await t.stripe.invoiceItems.del(extra.id);
    expect((await t.stripe.invoices.retrieve(draft.id)).total).toBe(2000);

    const open = await t.stripe.invoices.finalizeInvoice(draft.id);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/-0001$/);
    const paid = await t.stripe.invoices.pay(open.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, attempt_count: 1 });
    expect((await t.stripe.invoices.list({ customer: c.id, status: 'paid' })).data.map((i) => i.id)).toEqual([open.id]);
  });

  it('pays with an explicit payment_method, and answers a decline with 402 while recording the attempt', async () => {
    const c = await customer('pm_card_chargeCustomerFail');
    await t.stripe.invoiceItems.create({ customer: c.id, amount: 900, currency: 'usd' });
    const inv = await t.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    await t.stripe.invoices.finalizeInvoice(inv.id);
    const err = await t.stripe.invoices.pay(inv.id).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeCardError)) throw err;
    expect([err.statusCode, err.decline_code, err.message]).toEqual([402, 'generic_decline', 'Your card was declined.']);
    expect(await t.stripe.invoices.retrieve(inv.id)).toMatchObject({ status: 'open', attempt_count: 1, attempted: true });
    const insufficient = await t.stripe.invoices.pay(inv.id, { payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }).catch((e: unknown) => e);
    if (!(insufficient instanceof Stripe.errors.StripeCardError)) throw insufficient;
    expect(insufficient.decline_code).toBe('insufficient_funds');
    const ok = await t.stripe.invoices.pay(inv.id, { payment_method: 'pm_card_visa' });
    expect(ok.status).toBe('paid');
    const pi = await t.stripe.paymentIntents.list({ customer: c.id });
    expect(pi.data).toHaveLength(1);
    expect((await t.stripe.charges.list({ customer: c.id })).data.map((ch) => ch.status)).toEqual(['succeeded', 'failed']);
  });

  it('voids and marks uncollectible, and deletes drafts', async () => {
    const c = await customer();
    await t.stripe.invoiceItems.create({ customer: c.id, amount: 100, currency: 'usd' });
    const one = await t.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    await t.stripe.invoices.finalizeInvoice(one.id);
    expect((await t.stripe.invoices.voidInvoice(one.id)).status).toBe('void');
    await t.stripe.invoiceItems.create({ customer: c.id, amount: 100, currency: 'usd' });
    const two = await t.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    await t.stripe.invoices.finalizeInvoice(two.id);
    expect((await t.stripe.invoices.markUncollectible(two.id)).status).toBe('uncollectible');
    const three = await t.stripe.invoices.create({ customer: c.id });
    expect(await t.stripe.invoices.del(three.id)).toEqual({ id: three.id, object: 'invoice', deleted: true });
    const voidAgain = await t.stripe.invoices.finalizeInvoice(one.id).catch((e: unknown) => e);
    expect(voidAgain).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe('attempt_count', () => {
  it('counts the first attempt, then leaves manual invoices.pay calls out', async () => {
    // Invoice object, attempt_count: "Number of payment attempts made for this invoice, from the perspective of
    // the payment retry schedule. Any payment attempt counts as the first attempt, and subsequently only
    // automatic retries increment the attempt count. In other words, manual payment attempts after the first
    // attempt do not affect the retry schedule."
    const c = await customer('pm_card_chargeCustomerFail');
    await t.stripe.invoiceItems.create({ customer: c.id, amount: 400, currency: 'usd' });
    const draft = await t.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    expect((await t.stripe.invoices.finalizeInvoice(draft.id)).attempt_count).toBe(0);
    for (let i = 0; i < 2; i++) {
      const declined = await t.stripe.invoices.pay(draft.id).catch((e: unknown) => e);
      expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(await t.stripe.invoices.retrieve(draft.id)).toMatchObject({ status: 'open', attempted: true, attempt_count: 1 });
    }
    const paid = await t.stripe.invoices.pay(draft.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', attempt_count: 1 });
  });
});

describe('createPreview of a subscription that will not bill again', () => {
  async function subscription(): Promise<Stripe.Subscription> {
    const c = await customer();
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1200, recurring: { interval: 'month' }, product_data: { name: 'Ending' } });
    return t.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
  }

  async function none(sub: Stripe.Subscription): Promise<void> {
    const err = await t.stripe.invoices.createPreview({ subscription: sub.id }).catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
    expect([err.statusCode, err.rawType, err.code, err.message]).toEqual([
      400,
      'invalid_request_error',
      'invoice_upcoming_none',
      `No upcoming invoices for customer: ${String(sub.customer)}`,
    ]);
  }

  it('answers invoice_upcoming_none when it is set to cancel or already canceled', async () => {
    // Error codes, invoice_upcoming_none; the body as the API returns it is quoted in stripe/stripe-java#920,
    // whose reporter asked for a 404 in its place (so it is not a 404).
    const sub = await subscription();
    expect((await t.stripe.invoices.createPreview({ subscription: sub.id })).amount_due).toBe(1200);
    await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await none(sub);
    // A change billed at once still has its invoice to preview.
    const now = await t.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0].id, quantity: 2 }], proration_behavior: 'always_invoice' },
    });
    expect(now.billing_reason).toBe('subscription_update');

    await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    await t.stripe.subscriptions.update(sub.id, { cancel_at: sub.items.data[0].current_period_end - 3600 });
    await none(sub);
    await t.stripe.subscriptions.cancel(sub.id);
    await none(sub);
  });
});
