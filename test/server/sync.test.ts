import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Payment, Subscription } from '../../server/db/models';
import { catchUpEvents } from '../../server/stripe/inbox/catchUp';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { signUp } from '../helpers/signup';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';
import { allEvents, deliver } from '../helpers/webhooks';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  // No webhook endpoint is registered: nothing Stripe does reaches Recur by itself.
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

describe('missed events', () => {
  it('come back through catch-up from GET /v1/events', async () => {
    await signUp(recur, 'Gold Monthly', 'first@example.com');
    const [first] = await allEvents(recur.stripe);
    await deliver(recur, first!); // Recur saw the very first event and nothing after it
    await recur.inbox.idle();
    expect(await Payment.count()).toBe(0);

    const recorded = await catchUpEvents(recur.stripe, recur.inbox, recur.db);
    await recur.inbox.idle();
    expect(recorded).toBeGreaterThan(5);
    expect(await Payment.count({ where: { status: 'succeeded' } })).toBe(1);
    expect(await Subscription.count({ where: { status: 'active' } })).toBe(1);
    expect(await catchUpEvents(recur.stripe, recur.inbox, recur.db)).toBe(0);
  });
});

describe('POST /api/sync', () => {
  it('reconciles with Stripe, reports the drift, and finds none the second time', async () => {
    await signUp(recur, 'Silver Monthly', 'second@example.com');
    await signUp(recur, 'Platinum Monthly', 'third@example.com');
    const local = await Customer.findOne({ where: { email: 'first@example.com' } });
    await local!.update({ name: 'Tampered locally' });

    const res = await recur.app.request('/api/sync', { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.checked).toEqual({ customers: 3, subscriptions: 3, invoices: 3 });
    expect(report.errors).toEqual([]);
    const created = report.drift
      .filter((d: { change: string }) => d.change === 'created')
      .map((d: { object: string }) => d.object)
      .sort();
    expect(created).toEqual(['customer', 'customer', 'invoice', 'invoice', 'payment', 'subscription', 'subscription']);
    expect(report.drift).toContainEqual(
      expect.objectContaining({ object: 'customer', change: 'updated', fields: { name: { local: 'Tampered locally', stripe: 'first' } } }),
    );
    expect(await Subscription.count()).toBe(3);
    expect(await Payment.count({ where: { status: 'succeeded' } })).toBe(2); // the trial's $0 invoice is not a payment
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());

    const again = await (await recur.app.request('/api/sync', { method: 'POST', headers: { cookie } })).json();
    expect(again.drift).toEqual([]);
  });

  it('never deletes what exists only locally', async () => {
    await Customer.create({ email: 'offline@example.com', name: 'Offline', stripeCustomerId: null, currency: null });
    await recur.app.request('/api/sync', { method: 'POST', headers: { cookie } });
    expect(await Customer.count({ where: { email: 'offline@example.com' } })).toBe(1);
  });

  it('needs a session', async () => {
    expect((await recur.app.request('/api/sync', { method: 'POST' })).status).toBe(401);
  });
});
