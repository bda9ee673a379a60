import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';
import { DAY, START, monthStart, advanceClock, clockCustomer, eventsFor } from '../helpers/clock';

let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 2000, 'Pro');
});
afterAll(async () => {
  await t.emulator.close();
});

describe('test clocks', () => {
  it('creates, lists, advances (advancing → ready) and deletes', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START, name: 'Q1' });
    expect(clock).toMatchObject({ object: 'test_helpers.test_clock', frozen_time: START, name: 'Q1', status: 'ready' });
    expect((await t.stripe.testHelpers.testClocks.list()).data.map((c) => c.id)).toContain(clock.id);
    const ready = await advanceClock(t.stripe, clock.id, START + DAY);
    expect(ready.frozen_time).toBe(START + DAY);
    const types = (await t.stripe.events.list({ limit: 10 })).data
      .filter((e) => (e.data.object as { id?: string }).id === clock.id)
      .map((e) => e.type)
      .reverse();
    expect(types).toEqual(['test_helpers.test_clock.created', 'test_helpers.test_clock.advancing', 'test_helpers.test_clock.ready']);
    const backwards = await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START }).catch((e: unknown) => e);
    expect(backwards).toBeInstanceOf(Error);
    const deleted = await t.stripe.testHelpers.testClocks.del(clock.id);
    expect(deleted).toEqual({ id: clock.id, object: 'test_helpers.test_clock', deleted: true });
  });

  it('puts a customer’s objects and events on the clock’s time and renews at period end', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    expect(customer.created).toBe(START);
    expect(customer.test_clock).toBe(clock.id);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.created).toBe(START);
    expect(sub.test_clock).toBe(clock.id);
    const feb1 = monthStart(1);
    expect(sub.items.data[0].current_period_end).toBe(feb1);

    await advanceClock(t.stripe, clock.id, feb1 + 3600);
    const renewed = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: feb1, current_period_end: monthStart(2) });
    const invoice = renewed.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', amount_paid: 2000, created: feb1, test_clock: clock.id });
    const created = await eventsFor(t.stripe, 'invoice.created', invoice.id);
    expect(created[0].created).toBe(feb1);
    const invoices = await t.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.billing_reason)).toEqual(['subscription_cycle', 'subscription_create']);
  });

  it('renews several periods in one advance, in order', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await advanceClock(t.stripe, clock.id, monthStart(3) + 14 * DAY);
    const invoices = await t.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.created)).toEqual([monthStart(3), monthStart(2), monthStart(1), monthStart(0)]);
    expect(invoices.data.every((i) => i.status === 'paid')).toBe(true);
  });

  it('ends a trial: trial_will_end three days before, then the first paid invoice', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14 });
    const trialEnd = START + 14 * DAY;
    expect(sub).toMatchObject({ status: 'trialing', trial_end: trialEnd });
    await advanceClock(t.stripe, clock.id, trialEnd - 2 * DAY);
    const notices = await eventsFor(t.stripe, 'customer.subscription.trial_will_end', sub.id);
    expect(notices.map((e) => e.created)).toEqual([trialEnd - 3 * DAY]);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('trialing');

    await advanceClock(t.stripe, clock.id, trialEnd + 60);
    const active = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.items.data[0].current_period_start).toBe(trialEnd);
    expect(active.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 2000, billing_reason: 'subscription_cycle', created: trialEnd });
    expect(await eventsFor(t.stripe, 'customer.subscription.trial_will_end', sub.id)).toHaveLength(1);
  });

  it('cancels at period end, or keeps renewing once resumed', async () => {
    const { clock, customer } = await clockCustomer(t.stripe);
    const leaving = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const staying = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await t.stripe.subscriptions.update(leaving.id, { cancel_at_period_end: true });
    await t.stripe.subscriptions.update(staying.id, { cancel_at_period_end: true });
    await t.stripe.subscriptions.update(staying.id, { cancel_at_period_end: false });
    const feb1 = monthStart(1);
    await advanceClock(t.stripe, clock.id, feb1 + 60);
    const gone = await t.stripe.subscriptions.retrieve(leaving.id);
    expect(gone).toMatchObject({ status: 'canceled', ended_at: feb1 });
    expect((await eventsFor(t.stripe, 'customer.subscription.deleted', leaving.id)).map((e) => e.created)).toEqual([feb1]);
    expect((await t.stripe.invoices.list({ subscription: leaving.id })).data).toHaveLength(1);
    const kept = await t.stripe.subscriptions.retrieve(staying.id);
    expect(kept.status).toBe('active');
    expect((await t.stripe.invoices.list({ subscription: staying.id })).data).toHaveLength(2);
  });
});
