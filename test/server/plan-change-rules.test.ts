import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { intervalChangeNotice } from '../../shared/actions';
import { portalSignIn } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { jsonRequest } from '../helpers/api';

/**
 * Plan changes Stripe treats specially. Currency: "the currency cannot be updated on an ongoing
 * subscription" (support.stripe.com/questions/set-or-change-currency-for-an-invoice-or-customer-in-stripe-billing).
 * Billing period: a price with another interval resets the billing cycle anchor to the change and
 * invoices the new period at once (docs.stripe.com/billing/subscriptions/upgrading-downgrading,
 * "Billing periods"; docs.stripe.com/billing/subscriptions/billing-cycle).
 */

let recur: TestRecur;
let cookie: string;
let euro: Plan;

beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
  euro = await (await call('POST', '/api/plans', { name: 'Gold Euro', tier: 'gold', amount: 1700, currency: 'eur', interval: 'month' })).json();
});
afterAll(() => recur.close());

function call(method: string, path: string, body?: unknown) {
  return jsonRequest(recur.app, method, path, { cookie, body });
}

async function subscriber(email: string, plan: string): Promise<Subscription> {
  await signUp(recur, plan, email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return (await Subscription.findOne({ where: { customerId: customer.id } }))!;
}

/** What Stripe holds for the subscription: its price and billing cycle anchor. */
async function stripeState(subscription: Subscription) {
  const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  const item = remote.items.data[0]!;
  return { price: item.price.id, anchor: remote.billing_cycle_anchor, periodEnd: item.current_period_end, currency: remote.currency };
}

describe('a plan in another currency', () => {
  it('is refused with 409 by the admin preview and change, before Stripe is asked, and nothing changes', async () => {
    const subscription = await subscriber('dollars@example.com', 'Silver Monthly');
    const before = await stripeState(subscription);

    const preview = await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${euro.id}`);
    expect(preview.status).toBe(409);
    expect((await preview.json()).message).toMatch(/EUR.*USD.*Stripe cannot change the currency/);

    const change = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: euro.id, prorationDate: Math.floor(Date.now() / 1000) });
    expect(change.status).toBe(409);
    expect((await change.json()).message).toContain('currency');

    await settle(recur);
    expect(await stripeState(subscription)).toEqual(before);
    expect((await subscription.reload()).planId).not.toBe(euro.id);
    expect(await AuditLog.count({ where: { action: 'subscription.change_plan', entityId: String(subscription.id) } })).toBe(0);
  });

  it('is not offered in the portal, and a crafted request gets a page saying why (409), not a 500', async () => {
    const subscription = await subscriber('portal-dollars@example.com', 'Silver Monthly');
    const before = await stripeState(subscription);
    const portal = await portalSignIn(recur, 'portal-dollars@example.com');

    const choices = await (await portal.get(`/portal/subscriptions/${subscription.id}/change`)).text();
    expect(choices).not.toContain('Gold Euro');
    expect(choices).toContain('Gold Monthly');

    const crafted = await portal.get(`/portal/subscriptions/${subscription.id}/change?plan=${euro.id}`);
    expect(crafted.status).toBe(409);
    expect(await crafted.text()).toContain('Stripe cannot change the currency');

    const posted = await portal.post(`/portal/subscriptions/${subscription.id}/change`, {
      plan: String(euro.id),
      prorationDate: String(Math.floor(Date.now() / 1000)),
    });
    expect(posted.status).toBe(409);
    expect(await stripeState(subscription)).toEqual(before);
  });
});

describe('a plan with another billing period', () => {
  it('is previewed with intervalChange, refused without confirmation (409), and applied with it', async () => {
    const subscription = await subscriber('yearly@example.com', 'Silver Monthly');
    const yearly = (await Plan.findOne({ where: { name: 'Gold Yearly' } }))!;
    const before = await stripeState(subscription);

    const preview = await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${yearly.id}`)).json();
    expect(preview.intervalChange).toEqual({ from: { interval: 'month', intervalCount: 1 }, to: { interval: 'year', intervalCount: 1 } });
    // The new year is charged now, less the unused part of the month already paid.
    expect(preview.amountDue).toBeGreaterThanOrEqual(yearly.amount - 900);
    expect(preview.amountDue).toBeLessThanOrEqual(yearly.amount);

    const unconfirmed = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: yearly.id, prorationDate: preview.prorationDate });
    expect(unconfirmed.status).toBe(409);
    const refusal = (await unconfirmed.json()).message as string;
    expect(refusal).toContain(intervalChangeNotice(preview.intervalChange));
    expect(refusal).toContain('confirmIntervalChange');
    expect(await stripeState(subscription)).toEqual(before);

    // Only `true` confirms: a truthy string is not an explicit confirmation.
    const sloppy = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, {
      planId: yearly.id,
      prorationDate: preview.prorationDate,
      confirmIntervalChange: 'yes',
    });
    expect(sloppy.status).toBe(400);
    expect((await sloppy.json()).errors).toHaveProperty('confirmIntervalChange');

    const confirmed = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, {
      planId: yearly.id,
      prorationDate: preview.prorationDate,
      confirmIntervalChange: true,
    });
    expect(confirmed.status).toBe(200);
    const after = await stripeState(subscription);
    expect(after.price).toBe(yearly.stripePriceId);
    // The anchor moved to the change, and the period now runs a year from it.
    expect(after.anchor).toBeGreaterThanOrEqual(preview.prorationDate);
    expect(after.periodEnd - after.anchor).toBeGreaterThanOrEqual(365 * 86_400);
    expect(after.periodEnd).toBeGreaterThan(before.periodEnd);
    await settle(recur);
    expect(await subscription.reload()).toMatchObject({ planId: yearly.id, interval: 'year' });
    expect(await Payment.findOne({ where: { subscriptionId: subscription.id, billingReason: 'subscription_update' } })).toMatchObject({
      amount: preview.amountDue,
    });
  });

  it('the confirmation flag changes nothing for a change within the same period', async () => {
    const subscription = await subscriber('same-period@example.com', 'Silver Monthly');
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const preview = await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${gold.id}`)).json();
    expect(preview.intervalChange).toBeNull();
    const res = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: gold.id, prorationDate: preview.prorationDate });
    expect(res.status).toBe(200);
  });

  it('shows the portal customer the new billing date and asks them to confirm it', async () => {
    const subscription = await subscriber('portal-yearly@example.com', 'Silver Monthly');
    const yearly = (await Plan.findOne({ where: { name: 'Gold Yearly' } }))!;
    const before = await stripeState(subscription);
    const portal = await portalSignIn(recur, 'portal-yearly@example.com');

    const page = await (await portal.get(`/portal/subscriptions/${subscription.id}/change?plan=${yearly.id}`)).text();
    const notice = intervalChangeNotice({ from: { interval: 'month', intervalCount: 1 }, to: { interval: 'year', intervalCount: 1 } });
    expect(page).toContain('data-interval-change');
    expect(page).toContain('the billing date resets to the day of the change');
    expect(page.replace(/&#39;/g, "'")).toContain(notice);
    expect(page).toContain('name="confirmIntervalChange" value="yes"');
    const prorationDate = /name="prorationDate" value="(\d+)"/.exec(page)![1]!;

    const unconfirmed = await portal.post(`/portal/subscriptions/${subscription.id}/change`, { plan: String(yearly.id), prorationDate });
    expect(unconfirmed.status).toBe(409);
    expect(await unconfirmed.text()).toContain('the billing date resets');
    expect(await stripeState(subscription)).toEqual(before);

    const confirmed = await portal.post(`/portal/subscriptions/${subscription.id}/change`, {
      plan: String(yearly.id),
      prorationDate,
      confirmIntervalChange: 'yes',
    });
    expect(confirmed.status).toBe(303);
    expect((await stripeState(subscription)).price).toBe(yearly.stripePriceId);
  });
});

describe("migrating a plan's subscribers", () => {
  async function planWithSubscriber(name: string, email: string): Promise<{ plan: Plan; subscription: Subscription }> {
    const plan: Plan = await (await call('POST', '/api/plans', { name, tier: 'silver', amount: 800, currency: 'usd', interval: 'month' })).json();
    const subscription = await subscriber(email, name);
    return { plan, subscription };
  }

  it('is refused with 409, Stripe untouched, when the new price is in another currency', async () => {
    const { plan, subscription } = await planWithSubscriber('Migrate Currency', 'migrate-currency@example.com');
    const before = await stripeState(subscription);
    expect((await call('PUT', `/api/plans/${plan.id}`, { currency: 'eur' })).status).toBe(200);
    const res = await call('POST', `/api/plans/${plan.id}/migrate-subscribers`);
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/1 subscriber pays in USD.*EUR.*nothing was changed/);
    expect(await stripeState(subscription)).toEqual(before);
  });

  it('is refused with 409 when the new price bills over another period: no bulk reset of billing dates', async () => {
    const { plan, subscription } = await planWithSubscriber('Migrate Interval', 'migrate-interval@example.com');
    const before = await stripeState(subscription);
    expect((await call('PUT', `/api/plans/${plan.id}`, { interval: 'year', amount: 8000 })).status).toBe(200);
    const res = await call('POST', `/api/plans/${plan.id}/migrate-subscribers`);
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/1 subscriber is billed over another period.*\/ year.*reset the billing date.*nothing was changed/);
    expect(await stripeState(subscription)).toEqual(before);
    expect(await AuditLog.count({ where: { action: 'plan.migrate_subscribers', entityId: String(plan.id) } })).toBe(0);
  });
});
