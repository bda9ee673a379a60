import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Invoice, Plan, Subscription } from '../../server/db/models';
import { catchUpEvents } from '../../server/stripe/inbox/catchUp';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';
import { allEvents, deliver } from '../helpers/webhooks';

// docs.stripe.com/rate-limits: over the limit Stripe answers 429, and its rate limiter asks for no
// retry (no Stripe-Should-Retry: stripe-node then gives the error to its caller); "handling limiting
// gracefully" is the client's own retry with exponential backoff. docs.stripe.com/api/customers/delete:
// a deleted customer is no longer listed but "can still be retrieved", as `{id, deleted: true}`, and its
// subscriptions are canceled at once.

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  // No webhook endpoint: nothing Stripe does reaches Recur except through the sync.
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
});
afterEach(() => emulatorFaults('DELETE'));
afterAll(() => recur.close());

function emulatorFaults(method: 'PUT' | 'DELETE', body?: object): Promise<Response> {
  return fetch(`${recur.emulator.url}/_emulator/faults`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
}
async function injected(): Promise<{ rate_limits: number; api_errors: number }> {
  return (await fetch(`${recur.emulator.url}/_emulator/faults/injected`)).json();
}

interface Report {
  checked: { customers: number; subscriptions: number; invoices: number };
  created: number;
  updated: number;
  drift: { object: string; stripeId: string; change: string; fields: Record<string, { local: unknown; stripe: unknown }> }[];
  errors: { object: string; stripeId: string | null; message: string }[];
  requests: { sent: number; rateLimited: number };
}

/** POST /api/sync, counting the HTTP requests Recur's Stripe client sent meanwhile (the SDK's own events). */
async function sync(): Promise<{ report: Report; sdkRequests: number }> {
  let sdkRequests = 0;
  const count = () => sdkRequests++;
  recur.stripe.on('request', count);
  try {
    const res = await recur.app.request('/api/sync', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(200);
    return { report: (await res.json()) as Report, sdkRequests };
  } finally {
    recur.stripe.off('request', count);
  }
}

async function payingCustomer(email: string): Promise<{ customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const price = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!.stripePriceId!;
  const customer = await recur.stripe.customers.create({ email, invoice_settings: { default_payment_method: 'pm_card_visa' } });
  return { customer, subscription: await recur.stripe.subscriptions.create({ customer: customer.id, items: [{ price }] }) };
}

const created = (report: Report, object: string) => report.drift.filter((d) => d.object === object && d.change === 'created').length;

describe('a sync against Stripe answering 429 without Stripe-Should-Retry', () => {
  it('backs off, completes, and reports the same drift as an undisturbed sync would', async () => {
    for (const email of ['a@faults.test', 'b@faults.test', 'c@faults.test', 'd@faults.test']) await payingCustomer(email);
    // Seed 8's dice answer the very first request 429, then half of the rest at random.
    await emulatorFaults('PUT', { seed: 8, api: { rateLimitRate: 0.5, rateLimitShouldRetry: false } });
    const { report, sdkRequests } = await sync();

    expect(report.errors).toEqual([]);
    expect(report.checked).toEqual({ customers: 4, subscriptions: 4, invoices: 4 });
    expect([created(report, 'customer'), created(report, 'subscription'), created(report, 'invoice'), created(report, 'payment')]).toEqual([4, 4, 4, 4]);
    expect(report.requests.rateLimited).toBeGreaterThan(0);
    expect(report.requests.rateLimited).toBe((await injected()).rate_limits);
    // Every request the client sent went through the sync's pace: none bypassed it.
    expect(report.requests.sent).toBe(sdkRequests);
    // One page per list, each read once however often it was answered 429.
    expect(report.requests.sent - report.requests.rateLimited).toBe(3);
    expect(await Subscription.count({ where: { status: 'active' } })).toBe(4);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());

    await emulatorFaults('DELETE');
    const again = (await sync()).report;
    expect(again.drift).toEqual([]);
    expect(again.errors).toEqual([]);
  });
});

describe('a sync where one object cannot be applied', () => {
  it('applies the rest, reports that one, and finishes', async () => {
    // A customer Recur never saw, deleted in Stripe: its subscription and invoice are listed, and
    // applying them needs the customer, which Stripe (here, with an injected fault) will not give.
    const gone = await payingCustomer('gone@faults.test');
    await recur.stripe.customers.del(gone.customer.id);
    // A customer Recur mirrors, deleted in Stripe while its webhooks were missed.
    const leaving = (await Customer.findOne({ where: { email: 'a@faults.test' } }))!;
    await recur.stripe.customers.del(leaving.stripeCustomerId!);
    const fresh = await payingCustomer('fresh@faults.test');
    await emulatorFaults('PUT', { api: { errorRate: 1, pathPrefix: `/v1/customers/${gone.customer.id}` } });

    const { report } = await sync();
    const goneInvoice = (await recur.stripe.invoices.list({ customer: gone.customer.id })).data[0]!;
    expect(report.errors.map((e) => [e.object, e.stripeId]).sort()).toEqual([
      ['invoice', goneInvoice.id],
      ['subscription', gone.subscription.id],
    ]);
    for (const error of report.errors) expect(error.message).toMatch(/unknown error/i);
    // Everything else was applied: the new customer, and the deletion found through Stripe's own answer.
    expect(await Subscription.findOne({ where: { stripeSubscriptionId: fresh.subscription.id } })).toMatchObject({ status: 'active' });
    expect(report.drift).toContainEqual(
      expect.objectContaining({
        object: 'customer',
        stripeId: leaving.stripeCustomerId,
        change: 'updated',
        fields: { deleted: { local: false, stripe: true } },
      }),
    );
    expect(await leaving.reload()).toMatchObject({ deleted: true, monthlyTotal: 0, yearlyTotal: 0 });
    expect(await Subscription.findOne({ where: { customerId: leaving.id } })).toMatchObject({ status: 'canceled' });
    expect(await Customer.findOne({ where: { stripeCustomerId: gone.customer.id } })).toBeNull();

    // Once Stripe answers again, the next sync applies what was left, to a customer row marked deleted.
    await emulatorFaults('DELETE');
    const again = (await sync()).report;
    expect(again.errors).toEqual([]);
    const stub = (await Customer.findOne({ where: { stripeCustomerId: gone.customer.id } }))!;
    expect(stub).toMatchObject({ deleted: true, monthlyTotal: 0 });
    expect(await Subscription.findOne({ where: { stripeSubscriptionId: gone.subscription.id } })).toMatchObject({ status: 'canceled', customerId: stub.id });
    expect(await Invoice.findOne({ where: { stripeInvoiceId: goneInvoice.id } })).toMatchObject({ customerId: stub.id, status: 'paid' });
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  });
});

describe('the event catch-up against 429s', () => {
  it('backs off and still records every missed event', async () => {
    const events = await allEvents(recur.stripe);
    await deliver(recur, events[0]!); // the inbox's first event: catch-up reads from there on
    await recur.inbox.idle();
    await emulatorFaults('PUT', { seed: 8, api: { rateLimitRate: 0.5, rateLimitShouldRetry: false, pathPrefix: '/v1/events' } });
    expect(await catchUpEvents(recur.stripe, recur.inbox, recur.db, recur.stripePace)).toBe(events.length - 1);
    expect((await injected()).rate_limits).toBeGreaterThan(0);
    await recur.inbox.idle();
  });
});
