import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Coupon, Customer, Payment, Plan, PromotionCode, Subscription } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';
import { jsonRequest } from '../helpers/api';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const call = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

async function subscriptionOf(email: string, plan = 'Silver Monthly'): Promise<Subscription> {
  await signUp(recur, plan, email);
  await settle(recur);
  const customer = await Customer.findOne({ where: { email } });
  return (await Subscription.findOne({ where: { customerId: customer!.id } }))!;
}

describe('change plan', () => {
  it('previews the prorated amount, and charges exactly that', async () => {
    const subscription = await subscriptionOf('upgrade@example.com');
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const preview = await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${gold.id}`)).json();
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(preview.amountDue).toBeLessThanOrEqual(gold.amount - 900 + 1);
    expect(preview.lines.length).toBeGreaterThanOrEqual(2);

    const res = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: gold.id, prorationDate: preview.prorationDate });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ planId: gold.id, unitAmount: gold.amount });
    await settle(recur);
    const charged = await Payment.findOne({ where: { subscriptionId: subscription.id, billingReason: 'subscription_update' } });
    expect(charged).toMatchObject({ amount: preview.amountDue, status: 'succeeded' });
    expect(await AuditLog.count({ where: { action: 'subscription.change_plan', entityId: String(subscription.id) } })).toBe(1);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  });

  it.each([
    ['no plan', ''],
    ['an unknown plan', '?plan=99999'],
    ['a malformed plan', '?plan=abc'],
  ])('refuses a preview with %s', async (_what, query) => {
    const subscription = (await Subscription.findOne())!;
    const res = await call('GET', `/api/subscriptions/${subscription.id}/preview${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBeTruthy();
  });
});

describe('cancel, resume, extend', () => {
  it('cancels at period end and resumes', async () => {
    const subscription = await subscriptionOf('cancel@example.com');
    const canceling = await (await call('POST', `/api/subscriptions/${subscription.id}/cancel`, { atPeriodEnd: true })).json();
    expect(canceling).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const resumed = await (await call('POST', `/api/subscriptions/${subscription.id}/resume`)).json();
    expect(resumed).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    expect((await call('POST', `/api/subscriptions/${subscription.id}/resume`)).status).toBe(409);
  });

  it('extends by free days, pushing the next charge back', async () => {
    const subscription = await subscriptionOf('extend@example.com');
    const before = subscription.currentPeriodEnd!.getTime();
    const extended = await (await call('POST', `/api/subscriptions/${subscription.id}/extend`, { days: 10 })).json();
    expect(new Date(extended.trialEnd).getTime()).toBe(before + 10 * 86_400_000);
    expect((await call('POST', `/api/subscriptions/${subscription.id}/extend`, { days: 0 })).status).toBe(400);
  });

  it('cancels now; a canceled subscription refuses further changes', async () => {
    const subscription = await subscriptionOf('gone@example.com');
    const canceled = await (await call('POST', `/api/subscriptions/${subscription.id}/cancel`, { atPeriodEnd: false })).json();
    expect(canceled.status).toBe('canceled');
    expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(0);
    expect((await call('POST', `/api/subscriptions/${subscription.id}/extend`, { days: 3 })).status).toBe(409);
  });
});

describe('coupons and discounts', () => {
  it('creates a coupon in Stripe, applies it, and the run-rate is after the discount', async () => {
    const created = await call('POST', '/api/coupons', { name: 'Quarter off', percentOff: 25, duration: 'forever' });
    expect(created.status).toBe(201);
    const coupon = await created.json();
    expect(coupon.stripeCouponId).toBeTruthy();
    expect((await recur.stripe.coupons.retrieve(coupon.stripeCouponId)).percent_off).toBe(25);

    const subscription = await subscriptionOf('discounted@example.com', 'Gold Monthly');
    const res = await call('POST', `/api/subscriptions/${subscription.id}/coupon`, { couponId: coupon.id });
    expect(res.status).toBe(200);
    await settle(recur);
    expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(1425);
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  });

  it('creates promotion codes and deactivates them', async () => {
    const coupon = (await Coupon.findOne())!;
    const res = await call('POST', '/api/promotion-codes', { couponId: coupon.id, code: 'spring25' });
    expect(res.status).toBe(201);
    const code = await res.json();
    expect(code).toMatchObject({ code: 'SPRING25', active: true, couponId: coupon.id });
    expect((await call('POST', '/api/promotion-codes', { couponId: coupon.id, code: 'SPRING25' })).status).toBe(400);
    const off = await (await call('PUT', `/api/promotion-codes/${code.id}`, { active: false })).json();
    expect(off.active).toBe(false);
    expect((await recur.stripe.promotionCodes.retrieve(code.stripePromotionCodeId)).active).toBe(false);
    expect(await PromotionCode.count()).toBe(1);
  });

  it.each([
    ['both a percentage and an amount', { name: 'x', percentOff: 10, amountOff: 100, currency: 'usd', duration: 'once' }, 'percentOff'],
    ['an amount without a currency', { name: 'x', amountOff: 100, duration: 'once' }, 'currency'],
    ['a repeating coupon without months', { name: 'x', percentOff: 10, duration: 'repeating' }, 'durationInMonths'],
    ['a percentage over 100', { name: 'x', percentOff: 120, duration: 'once' }, 'percentOff'],
  ])('refuses a coupon with %s', async (_what, body, field) => {
    const count = await Coupon.count();
    const res = await call('POST', '/api/coupons', body);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).errors)).toContain(field);
    expect(await Coupon.count()).toBe(count);
  });
});

describe('refunds', () => {
  it('refunds in part, then the rest, and refuses more', async () => {
    const subscription = await subscriptionOf('refund@example.com', 'Gold Monthly');
    const payment = (await Payment.findOne({ where: { subscriptionId: subscription.id, status: 'succeeded' } }))!;
    const partial = await (await call('POST', `/api/payments/${payment.id}/refund`, { amount: 500 })).json();
    expect(partial).toMatchObject({ status: 'partially_refunded', refundedAmount: 500 });
    expect((await call('POST', `/api/payments/${payment.id}/refund`, { amount: 5000 })).status).toBe(400);
    // The rest is refunded only when asked for explicitly (strict-bodies.test.ts: `{}` refunds nothing).
    const full = await (await call('POST', `/api/payments/${payment.id}/refund`, { full: true })).json();
    expect(full).toMatchObject({ status: 'refunded', refundedAmount: 1900 });
    expect((await call('POST', `/api/payments/${payment.id}/refund`, { full: true })).status).toBe(409);
    await settle(recur);
    expect((await Customer.findByPk(subscription.customerId))!.collected30d).toBe(0);
    expect(await AuditLog.count({ where: { action: 'payment.refund', entityId: String(payment.id) } })).toBe(2);
  });
});
