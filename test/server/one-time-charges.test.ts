import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { advanceClock, monthStart } from '../helpers/clock';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// One-time charges as Stripe documents them. Invoice items (docs.stripe.com/api/invoiceitems/create):
// "If no invoice is specified, the item will be on the next invoice created for the customer";
// a charge now is its own invoice (docs.stripe.com/invoicing/integration: create the invoice, add
// items with `invoice`, finalize, pay), made with pending_invoice_items_behavior=exclude
// (docs.stripe.com/api/invoices/create#create_invoice-pending_invoice_items_behavior) so other
// pending items wait for the renewal, and paid off-session (docs.stripe.com/api/invoices/pay).
// A double submit reuses the idempotency keys (docs.stripe.com/api/idempotent_requests).

let recur: TestRecur;
let owner: string;
let viewer: string;
let gold: Plan;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  owner = await signInCookie(recur.app);
  await AdminUser.create({ email: 'viewer@test.local', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('viewer password 123') });
  viewer = await signInCookie(recur.app, 'viewer@test.local', 'viewer password 123');
  gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
});
afterAll(() => recur.close());

const charge = async (customerId: number, body: unknown, cookie = owner): Promise<Response> =>
  recur.app.request(`/api/customers/${customerId}/charges`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function subscriber(email: string): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Customer; subscription: Subscription }> {
  const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
  await recur.stripe.customers.create({ email, test_clock: clock.id });
  await signUp(recur, 'Gold Monthly', email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return { clock, customer, subscription: (await Subscription.findOne({ where: { customerId: customer.id } }))! };
}

const pendingItems = async (customer: Customer) => (await recur.stripe.invoiceItems.list({ customer: customer.stripeCustomerId!, pending: true })).data;
const manualInvoices = async (customer: Customer) =>
  (await recur.stripe.invoices.list({ customer: customer.stripeCustomerId!, limit: 50 })).data.filter((i) => i.billing_reason === 'manual');

describe('a one-time charge on the next invoice', () => {
  it('waits as an invoice item, and the renewal invoice carries it beside the plan, paid in one payment', async () => {
    const { clock, customer, subscription } = await subscriber('setup-fee@example.com');
    const body = { amount: 500, currency: 'usd', description: 'Setup fee', when: 'next_invoice', requestId: 'req-next-0001' };
    const res = await charge(customer.id, body);
    expect(res.status).toBe(201);
    const result = await res.json();
    expect(result).toMatchObject({ when: 'next_invoice', amount: 500, currency: 'usd', status: 'pending', stripeInvoiceId: null });
    // A double submit is the same item.
    expect((await (await charge(customer.id, body)).json()).stripeInvoiceItemId).toBe(result.stripeInvoiceItemId);
    expect((await pendingItems(customer)).map((i) => [i.id, i.amount, i.description])).toEqual([[result.stripeInvoiceItemId, 500, 'Setup fee']]);
    expect(await AuditLog.count({ where: { action: 'customer.charge', entityId: String(customer.id) } })).toBe(2);

    await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
    await settle(recur);
    const renewal = (await recur.stripe.invoices.list({ subscription: subscription.stripeSubscriptionId, limit: 10 })).data.find(
      (i) => i.billing_reason === 'subscription_cycle',
    )!;
    expect(renewal.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([500, gold.amount]);
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: gold.amount + 500 });
    const payments = await Payment.findAll({ where: { stripeInvoiceId: renewal.id } });
    expect(payments.map((p) => [p.status, p.amount])).toEqual([['succeeded', gold.amount + 500]]);
    expect(await pendingItems(customer)).toEqual([]);
    // Run-rate is the plan's alone: a one-time charge is no recurring revenue.
    expect(await customer.reload()).toMatchObject({ monthlyTotal: gold.amount, yearlyTotal: gold.amount * 12 });
  });
});

describe('a one-time charge now', () => {
  it('is invoiced and paid at once, shows in the payments, and a double submit charges once', async () => {
    const { customer } = await subscriber('extra-now@example.com');
    const body = { amount: 700, currency: 'usd', description: 'Rush delivery', when: 'now', requestId: 'req-now-0001' };
    const [first, second] = await Promise.all([
      charge(customer.id, body),
      charge(customer.id, body).then(async (r) => (r.status === 409 ? charge(customer.id, body) : r)),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const a = await first.json();
    const b = await second.json();
    expect(a).toMatchObject({ when: 'now', amount: 700, status: 'paid' });
    expect(b.stripeInvoiceId).toBe(a.stripeInvoiceId);
    expect((await charge(customer.id, body)).status).toBe(201);

    const invoices = await manualInvoices(customer);
    expect(invoices.map((i) => [i.id, i.status, i.amount_paid])).toEqual([[a.stripeInvoiceId, 'paid', 700]]);
    const charges = await recur.stripe.charges.list({ customer: customer.stripeCustomerId!, limit: 20 });
    expect(charges.data.filter((c) => c.amount === 700)).toHaveLength(1);
    await settle(recur);
    const payments = await Payment.findAll({ where: { stripeInvoiceId: a.stripeInvoiceId } });
    expect(payments.map((p) => [p.status, p.amount, p.customerId, p.subscriptionId])).toEqual([['succeeded', 700, customer.id, null]]);
    const listed = await recur.app.request(`/api/payments?filter=${encodeURIComponent(JSON.stringify({ customerId: customer.id }))}`, {
      headers: { cookie: owner },
    });
    expect(((await listed.json()) as { amount: number }[]).map((p) => p.amount)).toContain(700);
    expect(await customer.reload()).toMatchObject({ monthlyTotal: gold.amount, yearlyTotal: gold.amount * 12 });

    // A new requestId is a new charge.
    expect((await (await charge(customer.id, { ...body, requestId: 'req-now-0002' })).json()).stripeInvoiceId).not.toBe(a.stripeInvoiceId);
  });

  it('leaves a pending next-invoice charge for the renewal', async () => {
    const { customer } = await subscriber('both-kinds@example.com');
    await charge(customer.id, { amount: 300, currency: 'usd', description: 'Later', when: 'next_invoice', requestId: 'req-later-001' });
    const now = await (await charge(customer.id, { amount: 400, currency: 'usd', description: 'Now', when: 'now', requestId: 'req-now-00003' })).json();
    expect(now).toMatchObject({ status: 'paid' });
    const invoice = await recur.stripe.invoices.retrieve(now.stripeInvoiceId);
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([400]);
    expect((await pendingItems(customer)).map((i) => i.amount)).toEqual([300]);
  });

  it('answers 402 with the decline when the card fails; the invoice stays open and the failed payment is listed', async () => {
    const { customer, subscription } = await subscriber('declined-charge@example.com');
    const card = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.stripeCustomerId! });
    await recur.stripe.customers.update(customer.stripeCustomerId!, { invoice_settings: { default_payment_method: card.id } });
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: card.id });
    const body = { amount: 900, currency: 'usd', description: 'Damaged equipment', when: 'now', requestId: 'req-decline-01' };
    const res = await charge(customer.id, body);
    expect(res.status).toBe(402);
    expect((await res.json()).message).toBe('Your card was declined.');
    const [invoice] = await manualInvoices(customer);
    expect(invoice).toMatchObject({ status: 'open', amount_paid: 0, amount_remaining: 900 });
    // The same submit again is the same (declined) attempt, not a second charge.
    expect((await charge(customer.id, body)).status).toBe(402);
    expect((await recur.stripe.charges.list({ customer: customer.stripeCustomerId!, limit: 20 })).data.filter((c) => c.amount === 900)).toHaveLength(1);
    await settle(recur);
    const failed = await Payment.findAll({ where: { stripeInvoiceId: invoice!.id } });
    expect(failed.map((p) => [p.status, p.amount, p.failureMessage])).toEqual([['failed', 900, 'Your card was declined.']]);
  });
});

describe('what a charge is refused for', () => {
  let customer: Customer;
  beforeAll(async () => {
    customer = (await subscriber('refusals@example.com')).customer;
  });
  const good = { amount: 500, currency: 'usd', description: 'Fee', when: 'now', requestId: 'req-refused-1' };

  it('answers 400 to bad bodies and charges nothing', async () => {
    const bodies: [unknown, string][] = [
      [{ ...good, amount: 0 }, 'amount'],
      [{ ...good, amount: -5 }, 'amount'],
      [{ ...good, amount: 12.5 }, 'amount'],
      [{ ...good, amount: '500' }, 'amount'],
      [{ ...good, currency: 'dollars' }, 'currency'],
      [{ ...good, currency: 'eur' }, 'currency'],
      [{ ...good, description: '  ' }, 'description'],
      [{ ...good, when: 'later' }, 'when'],
      [{ ...good, requestId: 'x' }, 'requestId'],
      [{ amount: 500, currency: 'usd', description: 'Fee', when: 'now' }, 'requestId'],
      [{ ...good, invoice: 'in_123' }, ''],
    ];
    for (const [body, field] of bodies) {
      const res = await charge(customer.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys((await res.json()).errors)).toContain(field);
    }
    expect(await pendingItems(customer)).toEqual([]);
    expect(await manualInvoices(customer)).toEqual([]);
    expect(await AuditLog.count({ where: { action: 'customer.charge', entityId: String(customer.id) } })).toBe(0);
  });

  it('is the admins’ and the owner’s: a viewer gets 403; an unknown customer 404', async () => {
    expect((await charge(customer.id, good, viewer)).status).toBe(403);
    expect((await charge(999999, good)).status).toBe(404);
    expect(await manualInvoices(customer)).toEqual([]);
  });
});
