import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';
import { DAY, START, monthStart, advanceClock, clockCustomer } from '../helpers/clock';

let t: TestEmulator;
let basic: Stripe.Price;
let pro: Stripe.Price;
let seats: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  basic = await recurringPrice(t.stripe, 1000, 'Basic');
  pro = await recurringPrice(t.stripe, 3000, 'Pro');
  seats = await recurringPrice(t.stripe, 500, 'Seat');
});
afterAll(async () => {
  await t.emulator.close();
});

function prorated(amount: number, at: number): number {
  const end = monthStart(1);
  return Math.round((amount * (end - at)) / (end - START));
}

async function failure(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof Stripe.errors.StripeError)) throw new Error(`expected a Stripe error, got ${String(err)}`);
  return err;
}

async function subscribed(): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; sub: Stripe.Subscription }> {
  const { clock, customer } = await clockCustomer(t.stripe);
  const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
  return { clock, customer, sub };
}

describe('/v1/subscription_items', () => {
  it('lists a subscription’s items and retrieves one', async () => {
    const { sub } = await subscribed();
    const listed = await t.stripe.subscriptionItems.list({ subscription: sub.id });
    expect(listed.data.map((i) => [i.id, i.price.id, i.quantity])).toEqual([[sub.items.data[0].id, basic.id, 1]]);
    const item = await t.stripe.subscriptionItems.retrieve(sub.items.data[0].id);
    expect([item.object, item.subscription, item.current_period_end]).toEqual(['subscription_item', sub.id, monthStart(1)]);
    const missing = await failure(t.stripe.subscriptionItems.retrieve('si_missing'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'resource_missing']);
    const noSub = await failure(t.stripe.subscriptionItems.list({ subscription: '' }));
    expect([noSub.statusCode, noSub.param]).toEqual([400, 'subscription']);
  });

  it('changes an item’s price mid-period with always_invoice, charging the exact proration', async () => {
    const { clock, customer, sub } = await subscribed();
    const at = START + 12 * DAY;
    await advanceClock(t.stripe, clock.id, at);
    const updated = await t.stripe.subscriptionItems.update(sub.items.data[0].id, { price: pro.id, proration_behavior: 'always_invoice', proration_date: at });
    expect([updated.id, updated.price.id]).toEqual([sub.items.data[0].id, pro.id]);
    const after = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    const invoice = after.latest_invoice;
    if (invoice === null || typeof invoice === 'string') throw new Error('latest_invoice was not expanded');
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', amount_paid: prorated(3000, at) - prorated(1000, at) });
    const events = await t.stripe.events.list({ type: 'customer.subscription.updated', limit: 10 });
    const changed = events.data.filter((e) => e.type === 'customer.subscription.updated' && e.data.object.id === sub.id && e.data.previous_attributes?.items);
    expect(changed).toHaveLength(1);
    expect((await t.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);
  });

  it('adds an item with pending prorations, changes its quantity, and deletes it without proration', async () => {
    const { clock, customer, sub } = await subscribed();
    const at = START + 20 * DAY;
    await advanceClock(t.stripe, clock.id, at);
    const added = await t.stripe.subscriptionItems.create({
      subscription: sub.id,
      price: seats.id,
      quantity: 2,
      metadata: { role: 'seats' },
      proration_date: at,
    });
    expect([added.subscription, added.quantity, added.metadata]).toEqual([sub.id, 2, { role: 'seats' }]);
    const pending = await t.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((ii) => ii.amount)).toEqual([prorated(500 * 2, at)]);

    const more = await t.stripe.subscriptionItems.update(added.id, { quantity: 5, proration_behavior: 'none', metadata: { tier: 'b' } });
    expect([more.quantity, more.metadata]).toEqual([5, { role: 'seats', tier: 'b' }]);
    expect((await t.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(1);

    const dupe = await failure(t.stripe.subscriptionItems.create({ subscription: sub.id, price: seats.id }));
    expect([dupe.statusCode, dupe.param]).toEqual([400, 'price']);

    const deleted = await t.stripe.subscriptionItems.del(added.id, { proration_behavior: 'none' });
    expect(deleted).toMatchObject({ id: added.id, object: 'subscription_item', deleted: true });
    const left = await t.stripe.subscriptionItems.list({ subscription: sub.id });
    expect(left.data.map((i) => i.price.id)).toEqual([basic.id]);
    const last = await failure(t.stripe.subscriptionItems.del(left.data[0].id));
    expect(last.statusCode).toBe(400);
    const unknown = await failure(t.stripe.rawRequest('POST', `/v1/subscription_items/${left.data[0].id}`, { colour: 'red' }));
    expect([unknown.statusCode, unknown.param]).toEqual([400, 'colour']);
  });
});

describe('a subscription’s currency', () => {
  // "The currency cannot be updated on an ongoing subscription"
  // (support.stripe.com/questions/set-or-change-currency-for-an-invoice-or-customer-in-stripe-billing).
  it('refuses a price in another currency through subscriptions.update and subscription_items', async () => {
    const { sub } = await subscribed();
    const euro = await t.stripe.prices.create({ currency: 'eur', unit_amount: 900, recurring: { interval: 'month' }, product_data: { name: 'Euro' } });
    const swap = await failure(t.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: euro.id }] }));
    expect([swap.statusCode, swap.code, swap.param]).toEqual([400, 'parameter_invalid', 'items[0][price]']);
    expect(swap.message).toContain('Found mismatch in currency field.');
    // Replacing every item does not change the currency either.
    const replace = await failure(t.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, deleted: true }, { price: euro.id }] }));
    expect([replace.statusCode, replace.param]).toEqual([400, 'items[1][price]']);
    const added = await failure(t.stripe.subscriptionItems.create({ subscription: sub.id, price: euro.id }));
    expect([added.statusCode, added.param]).toEqual([400, 'price']);
    const changed = await failure(t.stripe.subscriptionItems.update(sub.items.data[0].id, { price: euro.id }));
    expect([changed.statusCode, changed.param]).toEqual([400, 'price']);
    const after = await t.stripe.subscriptions.retrieve(sub.id);
    expect([after.currency, after.items.data.map((i) => i.price.id)]).toEqual(['usd', [basic.id]]);
  });
});
