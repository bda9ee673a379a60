import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { recurringPrice, startTestEmulator } from '../helpers/emulator';

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

async function payingCustomer(pm = 'pm_card_visa'): Promise<Stripe.Customer> {
  const c = await t.stripe.customers.create({ email: 'sub@x.io' });
  const attached = await t.stripe.paymentMethods.attach(pm, { customer: c.id });
  return t.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: attached.id } });
}

describe('subscriptions.create', () => {
  it('creates an active subscription and charges its first invoice', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: basic.id, quantity: 2 }],
      metadata: { plan: 'basic' },
      expand: ['latest_invoice'],
    });
    expect(sub).toMatchObject({ status: 'active', customer: c.id, metadata: { plan: 'basic' }, collection_method: 'charge_automatically' });
    expect(sub.items.data[0]).toMatchObject({ quantity: 2, price: { id: basic.id } });
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 2000, amount_paid: 2000, billing_reason: 'subscription_create' });
    expect(invoice.lines.data[0].description).toBe('2 × Basic (at $10.00 / month)');
    const listed = await t.stripe.subscriptions.list({ customer: c.id, price: basic.id });
    expect(listed.data.map((s) => s.id)).toEqual([sub.id]);
  });

  it('accepts a magic default_payment_method and honours payment_behavior on a failing card', async () => {
    const c = await t.stripe.customers.create({ email: 'fail@x.io' });
    const incomplete = await t.stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: basic.id }],
      default_payment_method: 'pm_card_chargeCustomerFail',
      expand: ['latest_invoice'],
    });
    expect(incomplete.status).toBe('incomplete');
    expect(incomplete.latest_invoice).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: null });

    const err = await t.stripe.subscriptions
      .create({ customer: c.id, items: [{ price: basic.id }], default_payment_method: 'pm_card_chargeCustomerFail', payment_behavior: 'error_if_incomplete' })
      .catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeCardError)) throw err;
    expect(err.decline_code).toBe('generic_decline');

    const pending = await t.stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: basic.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice.payments'],
    });
    expect(pending.status).toBe('incomplete');
    const inv = pending.latest_invoice as Stripe.Invoice;
    expect(inv.status).toBe('open');
    expect(inv.attempt_count).toBe(0);
    const paid = await t.stripe.invoices.pay(inv.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('paid');
    expect((await t.stripe.subscriptions.retrieve(pending.id)).status).toBe('active');
  });

  it('refuses a charge without any payment method', async () => {
    const c = await t.stripe.customers.create({ email: 'nopm@x.io' });
    const err = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('starts trials with trial_period_days or trial_end', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: pro.id }], trial_period_days: 7 });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBe((sub.trial_start ?? 0) + 7 * 86400);
    const at = Math.floor(Date.now() / 1000) + 3 * 86400;
    const sub2 = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: pro.id }], trial_end: at });
    expect(sub2).toMatchObject({ status: 'trialing', trial_end: at });
    expect(sub2.items.data[0].current_period_end).toBe(at);
    const ended = await t.stripe.subscriptions.update(sub2.id, { trial_end: 'now', expand: ['latest_invoice'] });
    expect(ended.status).toBe('active');
    expect(ended.latest_invoice).toMatchObject({ status: 'paid', amount_paid: 3000 });
  });

  it('bills a short first period up to billing_cycle_anchor', async () => {
    const c = await payingCustomer();
    const anchor = Math.floor(Date.now() / 1000) + 10 * 86400;
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: pro.id }], billing_cycle_anchor: anchor, expand: ['latest_invoice'] });
    expect(sub.billing_cycle_anchor).toBe(anchor);
    expect(sub.items.data[0].current_period_end).toBe(anchor);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.amount_paid).toBeGreaterThan(800);
    expect(invoice.amount_paid).toBeLessThan(1100);
  });
});

describe('subscriptions.update and cancel', () => {
  it('schedules cancellation at period end and resumes it, with previous_attributes', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }] });
    const canceling = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(canceling).toMatchObject({ cancel_at_period_end: true, cancel_at: sub.items.data[0].current_period_end, status: 'active' });
    expect(canceling.cancellation_details?.reason).toBe('cancellation_requested');
    const [updated] = (await t.stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })).data;
    expect(updated.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    const resumed = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
  });

  // stripe-node's SubscriptionUpdateParams: `cancel_at?: Emptyable<number | …>`, so an empty
  // string unsets a cancellation date; anything else must be a whole number of seconds.
  it('unsets cancel_at with an empty string and refuses one that is not an integer', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }] });
    const at = sub.items.data[0].current_period_end - 3600;
    expect(await t.stripe.subscriptions.update(sub.id, { cancel_at: at })).toMatchObject({ cancel_at: at, status: 'active' });
    expect(await t.stripe.subscriptions.update(sub.id, { cancel_at: '' })).toMatchObject({ cancel_at: null, status: 'active' });
    const refused = await t.stripe.rawRequest('POST', `/v1/subscriptions/${sub.id}`, { cancel_at: 'soon' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at).toBeNull();
  });

  it('changes quantity without prorations, updates metadata and default payment method', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }] });
    const next = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, quantity: 3 }],
      proration_behavior: 'none',
      metadata: { seats: '3' },
      default_payment_method: 'pm_card_mastercard',
    });
    expect(next.items.data[0].quantity).toBe(3);
    expect(next.metadata).toEqual({ seats: '3' });
    const pm = await t.stripe.paymentMethods.retrieve(String(next.default_payment_method));
    expect(pm.card?.brand).toBe('mastercard');
    expect((await t.stripe.invoiceItems.list({ customer: c.id, pending: true })).data).toEqual([]);
  });

  it('cancels now, and lists it only with status canceled or all', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: basic.id }] });
    const ended = await t.stripe.subscriptions.cancel(sub.id, { cancellation_details: { comment: 'bye' } });
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { comment: 'bye', reason: 'cancellation_requested' } });
    expect(ended.ended_at).toBeGreaterThan(0);
    expect((await t.stripe.subscriptions.list({ customer: c.id })).data).toEqual([]);
    expect((await t.stripe.subscriptions.list({ customer: c.id, status: 'canceled' })).data.map((s) => s.id)).toEqual([sub.id]);
    const [deleted] = (await t.stripe.events.list({ type: 'customer.subscription.deleted', limit: 1 })).data;
    expect((deleted.data.object as Stripe.Subscription).id).toBe(sub.id);
    const again = await t.stripe.subscriptions.cancel(sub.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('cancels with prorate and invoice_now, crediting the unused time to the balance', async () => {
    const c = await payingCustomer();
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: pro.id }] });
    await t.stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    const customer = await t.stripe.customers.retrieve(c.id);
    if (customer.deleted) throw new Error('deleted');
    expect(customer.balance).toBeLessThan(0);
    expect(customer.balance).toBeGreaterThanOrEqual(-3000);
  });
});
