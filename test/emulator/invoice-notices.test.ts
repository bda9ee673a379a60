import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';
import { DAY, START, advanceClock, clockCustomer, eventsFor } from '../helpers/clock';

let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 1500, 'Notice');
});
afterAll(async () => {
  await t.emulator.close();
});

async function draft(collection: 'send_invoice' | 'charge_automatically'): Promise<Stripe.Invoice> {
  const customer = await t.stripe.customers.create({ email: 'bob@example.com' });
  await t.stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd' });
  return t.stripe.invoices.create({
    customer: customer.id,
    pending_invoice_items_behavior: 'include',
    collection_method: collection,
    ...(collection === 'send_invoice' ? { days_until_due: 7 } : {}),
  });
}

describe('invoices.sendInvoice', () => {
  it('finalizes a draft and announces invoice.sent (test mode sends no email)', async () => {
    const invoice = await draft('send_invoice');
    const sent = await t.stripe.invoices.sendInvoice(invoice.id);
    expect(sent).toMatchObject({ id: invoice.id, status: 'open', amount_due: 2000 });
    expect((await eventsFor(t.stripe, 'invoice.finalized', invoice.id)).length).toBe(1);
    expect((await eventsFor(t.stripe, 'invoice.sent', invoice.id)).length).toBe(1);
    // Sending again is allowed: another reminder.
    await t.stripe.invoices.sendInvoice(invoice.id);
    expect((await eventsFor(t.stripe, 'invoice.sent', invoice.id)).length).toBe(2);
  });

  it('refuses an invoice Stripe charges itself, and a void one', async () => {
    const automatic = await draft('charge_automatically');
    const refused = await t.stripe.invoices.sendInvoice(automatic.id).catch((e: unknown) => e);
    if (!(refused instanceof Stripe.errors.StripeInvalidRequestError)) throw new Error('expected a refusal');
    expect(refused.message).toBe("You can only manually send an invoice if its collection method is 'send_invoice'.");
    const voided = await draft('send_invoice');
    await t.stripe.invoices.finalizeInvoice(voided.id);
    await t.stripe.invoices.voidInvoice(voided.id);
    expect(await t.stripe.invoices.sendInvoice(voided.id).catch((e: unknown) => e)).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe('invoice.upcoming', () => {
  it('previews the renewal three days before it, without an invoice id', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const renewal = sub.items.data[0].current_period_end;
    await advanceClock(t.stripe, clock.id, renewal - 3 * DAY - 60);
    const before = await t.stripe.events.list({ type: 'invoice.upcoming', limit: 100 });
    expect(before.data.filter((e) => JSON.stringify(e.data.object).includes(sub.id))).toEqual([]);
    await advanceClock(t.stripe, clock.id, renewal - 3 * DAY);
    const upcoming = (await t.stripe.events.list({ type: 'invoice.upcoming', limit: 100 })).data.filter((e) => JSON.stringify(e.data.object).includes(sub.id));
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0].created).toBe(renewal - 3 * DAY);
    const invoice = upcoming[0].data.object;
    expect('id' in invoice).toBe(false);
    expect(invoice).toMatchObject({ object: 'invoice', customer: customer.id, amount_due: 1500, billing_reason: 'subscription_cycle' });
  });

  it('is not sent for a subscription that ends at its period end', async () => {
    const { clock, customer } = await clockCustomer(t.stripe, 'pm_card_visa', START);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at_period_end: true });
    await advanceClock(t.stripe, clock.id, sub.items.data[0].current_period_end - DAY);
    const upcoming = (await t.stripe.events.list({ type: 'invoice.upcoming', limit: 100 })).data;
    expect(upcoming.filter((e) => JSON.stringify(e.data.object).includes(sub.id))).toEqual([]);
  });
});
