import type Stripe from 'stripe';
import StripeSdk from 'stripe';
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

async function settings(body: object): Promise<Response> {
  return fetch(`${t.emulator.url}/_emulator/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A subscription paid with a good card, whose default then becomes pm_card_chargeCustomerFail. */
async function failingSubscription(): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; sub: Stripe.Subscription }> {
  const { clock, customer } = await clockCustomer(t.stripe);
  const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await t.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
  return { clock, customer, sub };
}

describe('a failing renewal', () => {
  it('goes past_due, retries on the schedule, and is paid once the card is switched', async () => {
    const { clock, customer, sub } = await failingSubscription();
    const renewal = monthStart(1);
    await advanceClock(t.stripe, clock.id, renewal + 60);

    const pastDue = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(pastDue.status).toBe('past_due');
    const invoice = pastDue.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, attempted: true, next_payment_attempt: renewal + 1 * DAY, amount_due: 2000 });
    const failed = await eventsFor(t.stripe, 'invoice.payment_failed', invoice.id);
    expect(failed.map((e) => e.created)).toEqual([renewal]);
    const charge = (await t.stripe.charges.list({ customer: customer.id, limit: 1 })).data[0];
    expect(charge).toMatchObject({
      status: 'failed',
      failure_code: 'card_declined',
      failure_message: 'Your card was declined.',
      outcome: { reason: 'generic_decline' },
    });

    await advanceClock(t.stripe, clock.id, renewal + 1 * DAY + 60);
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ attempt_count: 2, next_payment_attempt: renewal + 3 * DAY });
    await advanceClock(t.stripe, clock.id, renewal + 3 * DAY + 60);
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ attempt_count: 3, next_payment_attempt: renewal + 7 * DAY });
    expect((await eventsFor(t.stripe, 'invoice.payment_failed', invoice.id)).map((e) => e.created)).toEqual([renewal, renewal + DAY, renewal + 3 * DAY]);

    const declined = await t.stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    if (!(declined instanceof StripeSdk.errors.StripeCardError)) throw declined;
    expect([declined.statusCode, declined.code, declined.decline_code]).toEqual([402, 'card_declined', 'generic_decline']);
    // Stripe API reference, Invoice.attempt_count: "Any payment attempt counts as the first attempt, and
    // subsequently only automatic retries increment the attempt count" — manual payments leave it alone.
    expect((await t.stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(3);

    const visa = await t.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: visa.id });
    const paid = await t.stripe.invoices.pay(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, attempt_count: 3, next_payment_attempt: null });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');

    const again = await t.stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    if (!(again instanceof StripeSdk.errors.StripeInvalidRequestError)) throw again;
    expect(again.message).toBe('Invoice is already paid.');
  });

  it('cancels after the last retry by default', async () => {
    const { clock, sub } = await failingSubscription();
    await advanceClock(t.stripe, clock.id, monthStart(1) + 8 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect(ended.latest_invoice).toMatchObject({ attempt_count: 4, next_payment_attempt: null });
  });

  it('never renews a subscription canceled by its last retry, even when that retry falls on its renewal', async () => {
    // Weekly: the last retry (7 days after the renewal) lands on the next renewal, in the same run of the clock.
    const weekly = await t.stripe.prices.create({ currency: 'usd', unit_amount: 700, recurring: { interval: 'week' }, product_data: { name: 'Weekly' } });
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: weekly.id }] });
    await t.stripe.subscriptions.update(sub.id, {
      default_payment_method: (await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })).id,
    });
    await advanceClock(t.stripe, clock.id, START + 21 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    // Canceled means ended: a later period never starts (Stripe API reference, Subscription status).
    expect(ended.items.data[0].current_period_end).toBe(START + 14 * DAY);
    expect((await eventsFor(t.stripe, 'customer.subscription.updated', sub.id)).filter((e) => e.created > ended.ended_at!)).toEqual([]);
  });

  it('follows a schedule set through /_emulator/settings, then marks unpaid', async () => {
    const res = await settings({ retrySchedule: [2], afterRetries: 'unpaid' });
    expect(await res.json()).toEqual({ retrySchedule: [2], afterRetries: 'unpaid' });
    try {
      const { clock, sub } = await failingSubscription();
      const renewal = monthStart(1);
      await advanceClock(t.stripe, clock.id, renewal + 60);
      const first = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
      expect(first.latest_invoice).toMatchObject({ next_payment_attempt: renewal + 2 * DAY });
      await advanceClock(t.stripe, clock.id, renewal + 3 * DAY);
      expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('unpaid');
    } finally {
      await settings({ retrySchedule: [1, 3, 7], afterRetries: 'cancel' });
    }
    expect((await settings({ retrySchedule: [3, 1] })).status).toBe(400);
  });

  it('recovers on a scheduled retry once the customer’s default card works', async () => {
    const { clock, customer, sub } = await failingSubscription();
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: '' });
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    const renewal = monthStart(1);
    await advanceClock(t.stripe, clock.id, renewal + 60);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_card_visa' } });
    await advanceClock(t.stripe, clock.id, renewal + DAY + 60);
    const back = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(back.status).toBe('active');
    expect(back.latest_invoice).toMatchObject({ status: 'paid', attempt_count: 2 });
  });
});
