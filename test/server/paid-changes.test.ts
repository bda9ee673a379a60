import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { advanceClock, monthStart } from '../helpers/clock';
import { signUp } from '../helpers/signup';
import { chargesOfInvoice } from '../helpers/stripeTruth';
import { jsonRequest } from '../helpers/api';

// A change that charges now is applied only once it is paid: Stripe's pending updates
// (payment_behavior=pending_if_incomplete, docs.stripe.com/billing/subscriptions/pending-updates:
// "If payment fails, the Subscription object that's returned contains a pending_update hash ...
// The subscription will continue to cycle as if no update request was made"). Found by probing:
// a declined upgrade was applied anyway, and a downgrade back then credited the unpaid time.

let recur: TestRecur;
let cookie: string;
let silver: Plan;
let gold: Plan;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
  silver = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
  gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
});
afterAll(() => recur.close());

const call = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

async function subscriber(email: string): Promise<{ subscription: Subscription; stripeCustomer: string }> {
  await signUp(recur, 'Silver Monthly', email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return { subscription: (await Subscription.findOne({ where: { customerId: customer.id } }))!, stripeCustomer: customer.stripeCustomerId! };
}

async function useCard(subscription: Subscription, stripeCustomer: string, pm: string): Promise<void> {
  const card = await recur.stripe.paymentMethods.attach(pm, { customer: stripeCustomer });
  await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: card.id });
}

async function upgrade(subscription: Subscription): Promise<Response> {
  const preview = (await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${gold.id}`)).json()) as { prorationDate: number };
  return call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: gold.id, prorationDate: preview.prorationDate });
}

async function stripeSide(subscription: Subscription): Promise<{ price: string; pending: boolean; balance: number }> {
  const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  const customer = (await recur.stripe.customers.retrieve(remote.customer as string)) as Stripe.Customer;
  return { price: remote.items.data[0]!.price.id, pending: remote.pending_update !== null, balance: customer.balance };
}

describe('a plan change that charges now', () => {
  it('is refused with 402 naming the decline, and leaves the customer on what they paid for, with no credit', async () => {
    const { subscription, stripeCustomer } = await subscriber('declined-upgrade@example.com');
    await useCard(subscription, stripeCustomer, 'pm_card_chargeCustomerFail');
    const res = await upgrade(subscription);
    expect(res.status).toBe(402);
    expect((await res.json()).message).toMatch(/declined.*stays on Silver Monthly; nothing was charged/s);
    await settle(recur);
    expect(await stripeSide(subscription)).toEqual({ price: silver.stripePriceId, pending: false, balance: 0 });
    expect((await subscription.reload()).planId).toBe(silver.id);
    // The change's invoice was voided with its pending update: nothing can collect it later.
    const invoices = await recur.stripe.invoices.list({ subscription: subscription.stripeSubscriptionId, limit: 10 });
    expect(invoices.data.filter((i) => i.billing_reason === 'subscription_update').map((i) => i.status)).toEqual(['void']);

    // Fixed card, confirmed again: charged once, and upgraded.
    await useCard(subscription, stripeCustomer, 'pm_card_visa');
    const paid = await upgrade(subscription);
    expect(paid.status).toBe(200);
    expect(await paid.json()).toMatchObject({ planId: gold.id });
    await settle(recur);
    expect((await stripeSide(subscription)).price).toBe(gold.stripePriceId);
    const charged = await Payment.findAll({ where: { subscriptionId: subscription.id, billingReason: 'subscription_update' } });
    expect(charged.map((p) => p.status).sort()).toEqual(['failed', 'succeeded']);
  });

  it('is refused while the subscription has an unpaid invoice, so a downgrade never credits unpaid time', async () => {
    const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
    const customer = await recur.stripe.customers.create({ email: 'owing@example.com', test_clock: clock.id });
    await signUp(recur, 'Gold Monthly', 'owing@example.com'); // the form finds the customer by e-mail
    await settle(recur);
    const local = (await Customer.findOne({ where: { stripeCustomerId: customer.id } }))!;
    const subscription = (await Subscription.findOne({ where: { customerId: local.id } }))!;
    await useCard(subscription, customer.id, 'pm_card_chargeCustomerFail');
    await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
    await settle(recur);
    expect((await subscription.reload()).status).toBe('past_due');

    const preview = (await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${silver.id}`)).json()) as { prorationDate: number };
    const res = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: silver.id, prorationDate: preview.prorationDate });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/unpaid invoice/);
    expect(await stripeSide(subscription)).toEqual({ price: gold.stripePriceId, pending: false, balance: 0 });
  });

  it('waits for the customer’s bank on a card that needs 3D Secure, and applies once they confirm', async () => {
    const { subscription, stripeCustomer } = await subscriber('sca-upgrade@example.com');
    await useCard(subscription, stripeCustomer, 'pm_card_authenticationRequired');
    const res = await upgrade(subscription);
    expect(res.status).toBe(402);
    expect((await res.json()).message).toMatch(/confirm this charge \(3D Secure\)/);
    expect(await stripeSide(subscription)).toMatchObject({ price: silver.stripePriceId, pending: true });

    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId, { expand: ['latest_invoice'] });
    const hosted = (remote.latest_invoice as Stripe.Invoice).hosted_invoice_url!;
    const link = /id="confirm-payment" href="([^"]+)"/.exec(await (await fetch(hosted)).text())![1]!.replace(/&#38;/g, '&');
    const done = await fetch(new URL(link, hosted), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=complete',
    });
    expect(done.status).toBe(303);
    await settle(recur);
    expect(await stripeSide(subscription)).toMatchObject({ price: gold.stripePriceId, pending: false });
    expect((await subscription.reload()).planId).toBe(gold.id);
  });

  it('charges once when confirmed twice at the same moment', async () => {
    const { subscription } = await subscriber('double-click@example.com');
    const preview = (await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${gold.id}`)).json()) as { prorationDate: number };
    const body = { planId: gold.id, prorationDate: preview.prorationDate };
    const answers = await Promise.all([0, 1].map(() => call('POST', `/api/subscriptions/${subscription.id}/change-plan`, body)));
    expect(answers.map((r) => r.status).every((s) => s === 200 || s === 409)).toBe(true);
    expect(answers.some((r) => r.status === 200)).toBe(true);
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    expect(remote.items.data[0]!.price.id).toBe(gold.stripePriceId);
    const updates = (await recur.stripe.invoices.list({ subscription: subscription.stripeSubscriptionId, limit: 10 })).data.filter(
      (i) => i.billing_reason === 'subscription_update',
    );
    expect(updates).toHaveLength(1);
    expect(await chargesOfInvoice(recur.stripe, updates[0]!.id!)).toHaveLength(1);
  });
});
