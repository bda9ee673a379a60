import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { lastWeeks } from '../../server/billing/stats';
import { AdminUser, Plan } from '../../server/db/models';
import { daysAgo, makeCustomer, makePayment, makeSubscription } from '../helpers/rows';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let viewer: string;
const now = Date.now();
const thisMonth = new Date(now).toISOString().slice(0, 7);

beforeAll(async () => {
  recur = await startTestRecur();
  await AdminUser.create({ email: 'viewer@test.local', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('viewer password 123') });
  viewer = await signInCookie(recur.app, 'viewer@test.local', 'viewer password 123');
  await seed();
});
afterAll(() => recur.close());

async function seed() {
  const { db } = recur;
  const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  const ada = await makeCustomer(db, { email: 'ada@stats.io', name: 'Ada', monthlyTotal: 1900, yearlyTotal: 22800 });
  const bob = await makeCustomer(db, { email: 'bob@stats.io', name: 'Bob', currency: null, monthlyTotal: 1000, yearlyTotal: 12000 });
  const cyd = await makeCustomer(db, { email: 'cyd@stats.io', name: 'Cyd' });
  const old = daysAgo(90);
  await makeSubscription(db, ada, gold, { unitAmount: 1900, recurringAmount: 1900, createdAt: old });
  await makeSubscription(db, bob, gold, { status: 'past_due', interval: 'year', unitAmount: 12000, recurringAmount: 12000, currency: 'usd', createdAt: old });
  await makeSubscription(db, cyd, gold, { status: 'canceled', canceledAt: daysAgo(3), unitAmount: 1900, recurringAmount: 1900, createdAt: old });

  const usd = { currency: 'usd', stripePaymentIntentId: null, stripeChargeId: null, failureMessage: null };
  await makePayment(db, ada, { ...usd, amount: 1900, attemptedAt: daysAgo(0) });
  await makePayment(db, ada, { ...usd, status: 'partially_refunded', amount: 1900, attemptedAt: daysAgo(1), refundedAmount: 400 });
  // Bob's invoice failed twice: only the newest attempt awaits action.
  await makePayment(db, bob, { ...usd, status: 'failed', amount: 12000, attemptedAt: daysAgo(2), stripeInvoiceId: 'in_bob', attemptCount: 1 });
  await makePayment(db, bob, { ...usd, status: 'failed', amount: 12000, attemptedAt: daysAgo(1), stripeInvoiceId: 'in_bob', attemptCount: 2 });
  // Cyd's failure was already retried by hand.
  await makePayment(db, cyd, { ...usd, status: 'failed', amount: 1900, attemptedAt: daysAgo(1), retriedAt: daysAgo(0) });
  await makePayment(db, cyd, { ...usd, amount: 5000, attemptedAt: daysAgo(400) });
}

const get = async (path: string, cookie = viewer) => {
  const res = await recur.app.request(`/api/stats/${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json();
};

describe('GET /api/stats/*', () => {
  it('summarises MRR, ARR, subscriptions, churn, collected money and failures awaiting action', async () => {
    const summary = await get('summary');
    expect(summary.mrr).toEqual([{ currency: 'usd', amount: 2900 }]);
    expect(summary.arr).toEqual([{ currency: 'usd', amount: 34800 }]);
    expect(summary.subscriptions).toMatchObject({ active: 1, past_due: 1, canceled: 1 });
    expect(summary.churn).toEqual({ canceled30d: 1, activeAtStart: 3, rate: 1 / 3 });
    expect(summary.collected30d).toEqual([{ currency: 'usd', amount: 1900 + 1500 }]);
    expect(summary.failedAwaitingAction).toBe(1);
  });

  it('sums revenue per month, net of refunds, without payments older than a year', async () => {
    const revenue: { month: string; amount: number }[] = await get('revenue');
    const total = revenue.reduce((sum, point) => sum + point.amount, 0);
    expect(total).toBe(3400);
    expect(revenue.every((point) => point.month >= daysAgo(366).toISOString().slice(0, 7))).toBe(true);
  });

  it('counts succeeded and failed attempts per week, zero-filled', async () => {
    const weeks: { week: string; succeeded: number; failed: number }[] = await get('payments-weekly');
    expect(weeks.map((w) => w.week)).toEqual(lastWeeks(12));
    expect(weeks.reduce((sum, w) => sum + w.succeeded, 0)).toBe(2);
    expect(weeks.reduce((sum, w) => sum + w.failed, 0)).toBe(3);
  });

  it('groups live subscriptions by plan and tier', async () => {
    const byPlan = await get('subscriptions-by-plan');
    expect(byPlan.plans).toEqual([expect.objectContaining({ plan: 'Gold Monthly', tier: 'gold', active: 1, trialing: 0, pastDue: 1 })]);
    expect(byPlan.tiers).toEqual([{ tier: 'gold', subscriptions: 2 }]);
  });

  it('derives MRR over time from list prices, and cancellations per month', async () => {
    const mrr: { month: string; mrr: number; subscriptions: number; canceled: number }[] = await get('mrr');
    expect(mrr).toHaveLength(12);
    const current = mrr.find((point) => point.month === thisMonth)!;
    expect(current).toMatchObject({ mrr: 1900 + 1000, subscriptions: 2 });
    expect(mrr.reduce((sum, point) => sum + point.canceled, 0)).toBe(1);
  });

  it('lists the failed payments that await action, newest first', async () => {
    const failed = await get('failed-payments');
    expect(failed).toEqual([expect.objectContaining({ customerEmail: 'bob@stats.io', amount: 12000, attemptCount: 2, failureCode: 'card_declined' })]);
    expect(failed[0].attemptedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('needs a session', async () => {
    expect((await recur.app.request('/api/stats/summary')).status).toBe(401);
  });
});
