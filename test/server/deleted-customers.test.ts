import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Invoice, Payment, Plan, StripeEvent, Subscription } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { allEvents, deliver } from '../helpers/webhooks';

// docs.stripe.com/api/customers/delete: "Permanently deletes a customer. It cannot be undone. Also
// immediately cancels any active subscriptions on the customer." ... "Unlike other objects, deleted
// customers can still be retrieved through the API" — as `{id, object: 'customer', deleted: true}`.
// The customer.deleted event carries the customer as it was (the SDK's Stripe.CustomerDeletedEvent:
// data.object is a Customer).

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  // No webhook endpoint yet: the first tests decide which deliveries arrive, and in what order.
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const seen = new Set<string>();
/** Events Stripe sent since the last call, oldest first. */
async function newEvents(): Promise<Stripe.Event[]> {
  const events = (await allEvents(recur.stripe)).filter((e) => !seen.has(e.id));
  for (const e of events) seen.add(e.id);
  return events;
}

/** A customer paying for Silver Monthly with a card that works, made in Stripe directly. */
async function payingCustomer(email: string): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const price = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!.stripePriceId!;
  const customer = await recur.stripe.customers.create({ email, name: 'Late Lovelace', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  const subscription = await recur.stripe.subscriptions.create({ customer: customer.id, items: [{ price }] });
  expect(subscription.status).toBe('active');
  return { customer, subscription };
}

/** Events not applied, by type and error: none may be left failing (or waiting to be retried). */
async function failedOrPending(): Promise<{ type: string; error: string | null }[]> {
  return (await StripeEvent.findAll({ where: { status: ['failed', 'pending'] } })).map((e) => ({ type: e.type, error: e.error }));
}

describe('events about a customer deleted in Stripe', () => {
  it('apply when they arrive after the deletion, and leave the customer deleted with its history', async () => {
    const { customer, subscription } = await payingCustomer('late@example.com');
    await recur.stripe.customers.del(customer.id);
    const events = await newEvents();
    // Deliveries out of order: the deletion first, then the invoice and payment events from before it.
    const deletion = events.filter((e) => e.type === 'customer.deleted' || e.type === 'customer.subscription.deleted');
    expect(deletion.map((e) => e.type).sort()).toEqual(['customer.deleted', 'customer.subscription.deleted']);
    for (const event of [...deletion, ...events.filter((e) => !deletion.some((d) => d.id === e.id))]) expect((await deliver(recur, event)).status).toBe(200);
    await recur.inbox.idle();

    expect(await failedOrPending()).toEqual([]);
    const local = (await Customer.findOne({ where: { stripeCustomerId: customer.id } }))!;
    expect(local).toMatchObject({ email: 'late@example.com', name: 'Late Lovelace', deleted: true, monthlyTotal: 0, yearlyTotal: 0 });
    expect(local.deletedAt).toBeInstanceOf(Date);
    expect(await Subscription.findOne({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({ status: 'canceled', customerId: local.id });
    const invoice = (await Invoice.findOne({ where: { customerId: local.id } }))!;
    expect(invoice.status).toBe('paid');
    // Money already collected stays collected.
    expect(await Payment.findOne({ where: { customerId: local.id } })).toMatchObject({ status: 'succeeded', amount: invoice.amountPaid });
    expect(local.collected30d).toBe(invoice.amountPaid);
  });

  it('apply for a customer Recur never saw, known only as Stripe’s deleted stub', async () => {
    const { customer, subscription } = await payingCustomer('never-seen@example.com');
    await recur.stripe.customers.del(customer.id);
    const events = await newEvents();
    // Only the invoice's events arrive: Recur reads the customer (deleted) and the subscription (canceled) from Stripe.
    for (const event of events.filter((e) => e.type.startsWith('invoice.'))) await deliver(recur, event);
    await recur.inbox.idle();
    expect(await failedOrPending()).toEqual([]);
    const stub = (await Customer.findOne({ where: { stripeCustomerId: customer.id } }))!;
    expect(stub).toMatchObject({ email: '', deleted: true, monthlyTotal: 0 });
    expect(await Subscription.findOne({ where: { stripeSubscriptionId: subscription.id } })).toMatchObject({ status: 'canceled', customerId: stub.id });
    expect(await Invoice.findOne({ where: { customerId: stub.id } })).toMatchObject({ status: 'paid' });

    // customer.deleted, arriving last, still fills in who the customer was.
    await deliver(recur, events.find((e) => e.type === 'customer.deleted')!);
    await recur.inbox.idle();
    expect(await stub.reload()).toMatchObject({ email: 'never-seen@example.com', name: 'Late Lovelace', deleted: true });
  });
});

describe('a customer deleted in Stripe, end to end', () => {
  let customerId: number;
  let paid: StripeEvent;

  it('is shown deleted, its subscription canceled and its totals zero, once Stripe’s webhooks arrive', async () => {
    await recur.listen();
    await signUp(recur, 'Gold Monthly', 'leaving@example.com');
    await settle(recur);
    const local = (await Customer.findOne({ where: { email: 'leaving@example.com' } }))!;
    customerId = local.id;
    expect(local.monthlyTotal).toBeGreaterThan(0);
    expect(await Subscription.findOne({ where: { customerId } })).toMatchObject({ status: 'active' });

    await recur.stripe.customers.del(local.stripeCustomerId!);
    await settle(recur);
    expect(await failedOrPending()).toEqual([]);
    expect(await local.reload()).toMatchObject({ deleted: true, monthlyTotal: 0, yearlyTotal: 0 });
    expect(await Subscription.findOne({ where: { customerId } })).toMatchObject({ status: 'canceled' });

    const shown = await (await recur.app.request(`/api/customers/${customerId}`, { headers: { cookie } })).json();
    expect(shown).toMatchObject({ id: customerId, email: 'leaving@example.com', deleted: true, monthlyTotal: 0 });
    expect(new Date(shown.deletedAt).getTime()).toBe(local.deletedAt!.getTime());
    const listed = await (
      await recur.app.request(`/api/customers?filter=${encodeURIComponent(JSON.stringify({ id: [customerId] }))}`, { headers: { cookie } })
    ).json();
    expect(listed).toEqual([expect.objectContaining({ id: customerId, deleted: true })]);
  });

  it('applies an invoice event about it that is played again later, without bringing anything back', async () => {
    const invoice = (await Invoice.findOne({ where: { customerId } }))!;
    paid = (await StripeEvent.findOne({ where: { type: 'invoice.paid', objectId: invoice.stripeInvoiceId } }))!;
    const res = await recur.app.request(`/api/events/${paid.id}/replay`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(200);
    await recur.inbox.idle();
    expect(await paid.reload()).toMatchObject({ status: 'processed', error: null });
    expect(await Customer.findByPk(customerId)).toMatchObject({ deleted: true, monthlyTotal: 0 });
    expect(await Subscription.findOne({ where: { customerId } })).toMatchObject({ status: 'canceled' });
    expect(await Payment.count({ where: { customerId, status: 'succeeded' } })).toBe(1);
  });

  it('stays deleted through a sync, which finds nothing to change', async () => {
    const report = await (await recur.app.request('/api/sync', { method: 'POST', headers: { cookie } })).json();
    expect(report.errors).toEqual([]);
    expect(report.drift.filter((d: { stripeId: string }) => d.stripeId === (paid.objectId ?? ''))).toEqual([]);
    expect(await Customer.findByPk(customerId)).toMatchObject({ deleted: true, monthlyTotal: 0 });
  });
});
