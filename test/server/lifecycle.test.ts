import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Payment, Subscription } from '../../server/db/models';
import { retryIdempotencyKey } from '../../server/billing/retry';
import { advanceClock, DAY, monthStart } from '../helpers/clock';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { chargesOfInvoice } from '../helpers/stripeTruth';
import { signUp } from '../helpers/signup';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const RENEWAL = monthStart(1);
const post = (path: string) => recur.app.request(path, { method: 'POST', headers: { cookie } });

/** A signup through the form and Checkout, for a customer living on a test clock. */
async function subscriber(email: string): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; subscription: Subscription }> {
  const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
  const customer = await recur.stripe.customers.create({ email, name: email.split('@')[0], test_clock: clock.id });
  await signUp(recur, 'Gold Monthly', email); // the form finds the customer by e-mail
  await settle(recur);
  const local = await Customer.findOne({ where: { stripeCustomerId: customer.id } });
  const subscription = await Subscription.findOne({ where: { customerId: local!.id } });
  return { clock, customer, subscription: subscription! };
}

async function switchCard(subscription: Subscription, customer: Stripe.Customer, paymentMethod: string): Promise<void> {
  const pm = await recur.stripe.paymentMethods.attach(paymentMethod, { customer: customer.id });
  await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: pm.id });
}

describe('a subscription’s life, as Recur mirrors it', () => {
  let clock: Stripe.TestHelpers.TestClock;
  let customer: Stripe.Customer;
  let subscription: Subscription;
  let failed: Payment;

  it('signs up and is active', async () => {
    ({ clock, customer, subscription } = await subscriber('lovelace@example.com'));
    expect(subscription.status).toBe('active');
    expect(await Payment.count({ where: { customerId: subscription.customerId, status: 'succeeded' } })).toBe(1);
  });

  it('records a renewal on a 0341 card as a failed payment with its decline reason', async () => {
    await switchCard(subscription, customer, 'pm_card_chargeCustomerFail');
    await advanceClock(recur.stripe, clock.id, RENEWAL + 60);
    await settle(recur);
    failed = (await Payment.findOne({ where: { customerId: subscription.customerId, status: 'failed' } }))!;
    expect(failed).toMatchObject({ amount: 1900, attemptCount: 1, billingReason: 'subscription_cycle', failureCode: 'generic_decline' });
    expect(failed.failureMessage).toBe('Your card was declined.');
    expect(failed.nextRetryAt!.getTime() / 1000).toBe(RENEWAL + DAY);
    expect((await subscription.reload()).status).toBe('past_due');
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());
  });

  it('retries once by hand while the card still fails: failed, and the retry is spent', async () => {
    const res = await post(`/api/payments/${failed.id}/retry`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: failed.id, retryOutcome: 'failed: generic_decline', retriedBy: 'owner@test.local' });
    await settle(recur);
    const attempts = await Payment.findAll({ where: { stripeInvoiceId: failed.stripeInvoiceId }, order: [['attemptCount', 'ASC']] });
    expect(attempts.map((p) => [p.attemptCount, p.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ]);

    const again = await post(`/api/payments/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect((await again.json()).message).toMatch(/already retried/);
    const audited = await AuditLog.findAll({ where: { entityType: 'payment', entityId: String(failed.id) } });
    expect(audited.map((a) => a.action).sort()).toEqual(['payment.retry', 'payment.retry.outcome']);
  });

  it('is paid by the next automatic retry once the card is switched to 4242, and active again', async () => {
    await switchCard(subscription, customer, 'pm_card_visa');
    await advanceClock(recur.stripe, clock.id, RENEWAL + DAY + 60);
    await settle(recur);
    const attempts = await Payment.findAll({ where: { stripeInvoiceId: failed.stripeInvoiceId }, order: [['attemptCount', 'ASC']] });
    expect(attempts.map((p) => p.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect((await subscription.reload()).status).toBe('active');
    expect(await totalsFromScratch()).toEqual(await maintainedTotals());

    const paidNow = await post(`/api/payments/${attempts[1]!.id}/retry`);
    expect(paidNow.status).toBe(409);
    expect((await paidNow.json()).message).toMatch(/already paid/);
  });

  it('lets 50 concurrent retry clicks reach Stripe exactly once', async () => {
    const other = await subscriber('hopper@example.com');
    await switchCard(other.subscription, other.customer, 'pm_card_chargeCustomerFail');
    await advanceClock(recur.stripe, other.clock.id, RENEWAL + 60);
    await settle(recur);
    const fresh = (await Payment.findOne({ where: { customerId: other.subscription.customerId, status: 'failed' } }))!;
    // Each attempt is a charge: Stripe's attempt_count does not count manual payments (Invoice object reference).
    const before = (await chargesOfInvoice(recur.stripe, fresh.stripeInvoiceId)).length;

    const answers = await Promise.all(Array.from({ length: 50 }, () => post(`/api/payments/${fresh.id}/retry`)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);

    expect((await chargesOfInvoice(recur.stripe, fresh.stripeInvoiceId)).length).toBe(before + 1);
    // Even a repeat of the call itself (a restart between claim and charge) cannot charge again:
    // Stripe replays the key's first answer, the decline included.
    const replay = await recur.stripe.invoices.pay(fresh.stripeInvoiceId, {}, { idempotencyKey: retryIdempotencyKey(fresh) }).catch((e: Error) => e);
    expect(replay).toBeInstanceOf(Error);
    expect((await chargesOfInvoice(recur.stripe, fresh.stripeInvoiceId)).length).toBe(before + 1);
  });

  it('refuses retries of a payment that did not fail, and of unknown payments', async () => {
    const succeeded = (await Payment.findOne({ where: { status: 'succeeded' } }))!;
    const res = await post(`/api/payments/${succeeded.id}/retry`);
    expect(res.status).toBe(409);
    expect((await post('/api/payments/999999/retry')).status).toBe(404);
    expect((await post('/api/payments/abc/retry')).status).toBe(400);
  });
});
