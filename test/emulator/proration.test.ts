import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';
import { DAY, START, monthStart, advanceClock, clockCustomer } from '../helpers/clock';

let t: TestEmulator;
let basic: Stripe.Price;
let pro: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  basic = await recurringPrice(t.stripe, 1000, 'Basic');
  pro = await recurringPrice(t.stripe, 3000, 'Pro');
});
afterAll(async () => {
  await t.emulator.close();
});

function expectedProration(amount: number, at: number, start: number, end: number): number {
  return Math.round((amount * (end - at)) / (end - start));
}

describe('proration', () => {
  it('previews a mid-period upgrade to the cent the update then charges', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    const start = START;
    const end = monthStart(1);
    await advanceClock(t.stripe, clock.id, start + 10 * DAY + 12_345);
    const at = start + 10 * DAY + 12_345;
    const change = { items: [{ id: sub.items.data[0].id, price: pro.id }], proration_date: at, proration_behavior: 'always_invoice' as const };

    const preview = await t.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, subscription_details: change });
    const credit = -expectedProration(1000, at, start, end);
    const charge = expectedProration(3000, at, start, end);
    expect(preview.lines.data.map((l) => l.amount)).toEqual([credit, charge]);
    expect(preview.amount_due).toBe(credit + charge);
    expect(preview.lines.data[0].description).toMatch(/^Unused time on 1 × Basic after \d\d \w{3} \d{4}$/);
    expect(preview.lines.data[1].description).toMatch(/^Remaining time on 1 × Pro after /);

    const updated = await t.stripe.subscriptions.update(sub.id, { ...change, expand: ['latest_invoice'] });
    expect(updated.items.data[0].price.id).toBe(pro.id);
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', amount_paid: preview.amount_due, total: preview.total });
    expect(invoice.lines.data.map((l) => l.amount)).toEqual(preview.lines.data.map((l) => l.amount));
    expect(invoice.lines.data[0].parent?.subscription_item_details?.proration).toBe(true);
  });

  it('previews the next renewal with create_prorations, and the renewal carries them', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id, quantity: 1 }] });
    const at = START + 5 * DAY;
    await advanceClock(t.stripe, clock.id, at);
    const details = { items: [{ id: sub.items.data[0].id, quantity: 3 }], proration_date: at };
    const preview = await t.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id, subscription_details: details });
    await t.stripe.subscriptions.update(sub.id, details);
    const pending = await t.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((ii) => ii.proration)).toEqual([true, true]);
    await advanceClock(t.stripe, clock.id, monthStart(1) + 60);
    const renewed = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    const invoice = renewed.latest_invoice as Stripe.Invoice;
    expect(invoice.amount_paid).toBe(preview.amount_due);
    expect(invoice.lines.data).toHaveLength(3);
    expect(invoice.lines.data[2].amount).toBe(3000);
  });

  it('credits a downgrade to the customer balance and uses it on the next invoice', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    const at = START + 15 * DAY;
    await advanceClock(t.stripe, clock.id, at);
    const end = monthStart(1);
    const updated = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: basic.id }],
      proration_behavior: 'always_invoice',
      proration_date: at,
      expand: ['latest_invoice'],
    });
    const net = -expectedProration(3000, at, START, end) + expectedProration(1000, at, START, end);
    expect(net).toBeLessThan(0);
    expect(updated.latest_invoice).toMatchObject({ total: net, amount_due: 0, status: 'paid', ending_balance: net });
    const c1 = await t.stripe.customers.retrieve(customer.id);
    if (c1.deleted) throw new Error('deleted');
    expect(c1.balance).toBe(net);

    await advanceClock(t.stripe, clock.id, end + 60);
    const renewed = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(renewed.latest_invoice).toMatchObject({ total: 1000, starting_balance: net, amount_due: Math.max(0, 1000 + net) });
    const c2 = await t.stripe.customers.retrieve(customer.id);
    if (c2.deleted) throw new Error('deleted');
    expect(c2.balance).toBe(Math.min(0, 1000 + net));
  });

  it('makes no prorations with proration_behavior none', async () => {
    const { customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    await t.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: pro.id }], proration_behavior: 'none' });
    expect((await t.stripe.invoiceItems.list({ customer: customer.id })).data).toEqual([]);
    expect((await t.stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
  });
});
