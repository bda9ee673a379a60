import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { lastWeeks } from '../../server/billing/stats';
import { AdminUser, Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let viewer: string;
const DAY_MS = 86_400_000;
const now = Date.now();
const daysAgo = (days: number) => new Date(now - days * DAY_MS);
const thisMonth = new Date(now).toISOString().slice(0, 7);

beforeAll(async () => {
  recur = await startTestRecur();
  await AdminUser.create({ email: 'viewer@test.local', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('viewer password 123') });
  viewer = await signInCookie(recur.app, 'viewer@test.local', 'viewer password 123');
  await seed();
});
afterAll(() => recur.close());

let sequence = 0;
async function subscription(
  customerId: number,
  planName: string,
  status: string,
  fields: Partial<{ createdAt: Date; canceledAt: Date; interval: 'month' | 'year'; unitAmount: number }> = {},
) {
  const plan = (await Plan.findOne({ where: { name: planName } }))!;
  return Subscription.create({
    customerId,
    planId: plan.id,
    stripeSubscriptionId: `sub_stats_${++sequence}`,
    stripePriceId: plan.stripePriceId,
    status,
    quantity: 1,
    unitAmount: fields.unitAmount ?? plan.amount,
    recurringAmount: fields.unitAmount ?? plan.amount,
    currency: 'usd',
    interval: fields.interval ?? 'month',
    intervalCount: 1,
    currentPeriodStart: daysAgo(1),
    currentPeriodEnd: daysAgo(-29),
    cancelAtPeriodEnd: false,
    canceledAt: fields.canceledAt ?? null,
    trialEnd: null,
    lastEventAt: 0,
    createdAt: fields.createdAt ?? daysAgo(90),
  });
}

async function payment(
  customerId: number,
  status: 'succeeded' | 'failed' | 'partially_refunded',
  amount: number,
  attemptedAt: Date,
  fields: Partial<{ invoice: string; attempt: number; refunded: number; retriedAt: Date }> = {},
) {
  return Payment.create({
    customerId,
    subscriptionId: null,
    invoiceId: null,
    stripeInvoiceId: fields.invoice ?? `in_stats_${++sequence}`,
    stripePaymentIntentId: null,
    stripeChargeId: null,
    amount,
    currency: 'usd',
    status,
    failureCode: status === 'failed' ? 'card_declined' : null,
    failureMessage: null,
    attemptCount: fields.attempt ?? 1,
    nextRetryAt: null,
    billingReason: 'subscription_cycle',
    refundedAmount: fields.refunded ?? 0,
    retriedAt: fields.retriedAt ?? null,
    attemptedAt,
  });
}

async function seed() {
  const ada = await Customer.create({
    email: 'ada@stats.io',
    name: 'Ada',
    stripeCustomerId: 'cus_stats_1',
    currency: 'usd',
    monthlyTotal: 1900,
    yearlyTotal: 22800,
  });
  const bob = await Customer.create({
    email: 'bob@stats.io',
    name: 'Bob',
    stripeCustomerId: 'cus_stats_2',
    currency: null,
    monthlyTotal: 1000,
    yearlyTotal: 12000,
  });
  const cyd = await Customer.create({ email: 'cyd@stats.io', name: 'Cyd', stripeCustomerId: 'cus_stats_3', currency: 'usd' });
  await subscription(ada.id, 'Gold Monthly', 'active', { unitAmount: 1900 });
  await subscription(bob.id, 'Gold Monthly', 'past_due', { interval: 'year', unitAmount: 12000 });
  await subscription(cyd.id, 'Gold Monthly', 'canceled', { canceledAt: daysAgo(3), unitAmount: 1900 });

  await payment(ada.id, 'succeeded', 1900, daysAgo(0));
  await payment(ada.id, 'partially_refunded', 1900, daysAgo(1), { refunded: 400 });
  // Bob's invoice failed twice: only the newest attempt awaits action.
  await payment(bob.id, 'failed', 12000, daysAgo(2), { invoice: 'in_bob', attempt: 1 });
  await payment(bob.id, 'failed', 12000, daysAgo(1), { invoice: 'in_bob', attempt: 2 });
  // Cyd's failure was already retried by hand.
  await payment(cyd.id, 'failed', 1900, daysAgo(1), { retriedAt: daysAgo(0) });
  await payment(cyd.id, 'succeeded', 5000, daysAgo(400));
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
    expect(revenue.every((point) => point.month >= new Date(now - 366 * DAY_MS).toISOString().slice(0, 7))).toBe(true);
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
