import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';
import { DAY, START, monthStart, advanceClock, clockCustomer } from '../helpers/clock';

let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 2000, 'Pausable');
});
afterAll(async () => {
  await t.emulator.close();
});

async function latestInvoice(subId: string): Promise<Stripe.Invoice> {
  const sub = await t.stripe.subscriptions.retrieve(subId, { expand: ['latest_invoice'] });
  const inv = sub.latest_invoice;
  if (inv === null || typeof inv === 'string') throw new Error('latest_invoice was not expanded');
  return inv;
}

describe('pause_collection', () => {
  it('voids or marks uncollectible the renewals while paused, and collects again after resumes_at', async () => {
    const cases = [
      ['void', 'void'],
      ['mark_uncollectible', 'uncollectible'],
      ['keep_as_draft', 'draft'],
    ] as const;
    for (const [behavior, status] of cases) {
      const { clock, customer } = await clockCustomer(t.stripe);
      const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
      const resumesAt = monthStart(1) + 10 * DAY;
      const paused = await t.stripe.subscriptions.update(sub.id, { pause_collection: { behavior, resumes_at: resumesAt } });
      expect(paused.pause_collection).toEqual({ behavior, resumes_at: resumesAt });
      expect(paused.status).toBe('active');

      await advanceClock(t.stripe, clock.id, monthStart(1) + 60);
      const skipped = await latestInvoice(sub.id);
      expect([skipped.billing_reason, skipped.status, skipped.amount_paid]).toEqual(['subscription_cycle', status, 0]);

      await advanceClock(t.stripe, clock.id, monthStart(2) + 60);
      const after = await t.stripe.subscriptions.retrieve(sub.id);
      expect(after.pause_collection).toBeNull();
      const collected = await latestInvoice(sub.id);
      expect([collected.status, collected.amount_paid]).toEqual(['paid', 2000]);
    }
  });

  it('clears pause_collection with an empty value', async () => {
    const { customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await t.stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void' } });
    const cleared = await t.stripe.subscriptions.update(sub.id, { pause_collection: '' });
    expect(cleared.pause_collection).toBeNull();
  });
});

describe('a subscription paused at trial end', () => {
  it('pauses without a payment method and resumes with a new period invoiced at once', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await t.stripe.customers.create({ email: 'nocard@x.io', test_clock: clock.id });
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    expect(sub.status).toBe('trialing');
    await advanceClock(t.stripe, clock.id, START + 7 * DAY + 60);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('paused');
    const types = (await t.stripe.events.list({ type: 'customer.subscription.paused', limit: 10 })).data.map((e) => e.data.object);
    expect(types.some((o) => 'id' in o && o.id === sub.id)).toBe(true);

    await t.stripe.paymentMethods
      .attach('pm_card_visa', { customer: customer.id })
      .then((pm) => t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } }));
    const resumed = await t.stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: 'now' }, payment_behavior: 'resume_on_payment_attempt' });
    const at = START + 7 * DAY + 60;
    expect([resumed.status, resumed.billing_cycle_anchor, resumed.items.data[0].current_period_start]).toEqual(['active', at, at]);
    const invoice = await latestInvoice(sub.id);
    expect([invoice.status, invoice.amount_paid]).toEqual(['paid', 2000]);
    const again = await t.stripe.subscriptions.resume(sub.id).catch((e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 400 });
  });
});
