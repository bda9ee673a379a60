import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { advanceClock, monthStart } from '../helpers/clock';
import { signUp } from '../helpers/signup';
import { jsonRequest } from '../helpers/api';

// Several items on one subscription (DESIGN §3.1, issue 14): add-ons and seats changed mid-period
// with Stripe's prorations (docs.stripe.com/billing/subscriptions/multiple-products,
// docs.stripe.com/billing/subscriptions/prorations), and changes at the period's end through
// subscription schedules (docs.stripe.com/billing/subscriptions/subscription-schedules/use-cases).

let recur: TestRecur;
let cookie: string;
let gold: Plan;
let silver: Plan;
let storage: Plan;
let support: Plan;
let yearlyStorage: Plan;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
  const named = async (name: string) => (await Plan.findOne({ where: { name } }))!;
  [gold, silver, storage, support, yearlyStorage] = await Promise.all(
    ['Gold Monthly', 'Silver Monthly', 'Extra storage', 'Priority support', 'Extra storage Yearly'].map(named),
  );
});
afterAll(() => recur.close());

const call = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

interface Preview {
  amountDue: number;
  currency: string;
  lines: { description: string | null; amount: number }[];
  when: 'now' | 'period_end';
  effectiveAt: number;
  prorationDate: number;
}

async function preview(subscription: Subscription, body: unknown): Promise<Preview> {
  const res = await call('POST', `/api/subscriptions/${subscription.id}/preview`, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Preview;
}

async function subscriber(planName: string, email: string, clock?: Stripe.TestHelpers.TestClock): Promise<Subscription> {
  if (clock) await recur.stripe.customers.create({ email, name: email.split('@')[0], test_clock: clock.id });
  await signUp(recur, planName, email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return (await Subscription.findOne({ where: { customerId: customer.id } }))!;
}

/** The invoice a change charged at once (billing_reason subscription_update), newest first. */
async function changeInvoices(subscription: Subscription): Promise<Stripe.Invoice[]> {
  const list = await recur.stripe.invoices.list({ subscription: subscription.stripeSubscriptionId, limit: 20 });
  return list.data.filter((i) => i.billing_reason === 'subscription_update');
}

async function balanceOf(subscription: Subscription): Promise<number> {
  const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  return ((await recur.stripe.customers.retrieve(remote.customer as string)) as Stripe.Customer).balance;
}

describe('add-ons on a subscription', () => {
  let subscription: Subscription;

  it('adds one mid-period: the preview equals the invoice charged, and the totals sum every item', async () => {
    subscription = await subscriber('Gold Monthly', 'addons@example.com');
    const items = [
      { planId: gold.id, quantity: 1 },
      { planId: storage.id, quantity: 1 },
    ];
    const seen = await preview(subscription, { items });
    // More per period: an upgrade, made now by default.
    expect(seen.when).toBe('now');
    expect(seen.amountDue).toBeGreaterThan(0);
    expect(seen.amountDue).toBeLessThanOrEqual(storage.amount);
    expect(seen.amountDue).toBe(seen.lines.reduce((sum, line) => sum + line.amount, 0));

    const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items, prorationDate: seen.prorationDate });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(body.items.map((i: { planId: number; quantity: number }) => [i.planId, i.quantity])).toEqual([
      [gold.id, 1],
      [storage.id, 1],
    ]);
    const [charged] = await changeInvoices(subscription);
    expect(charged).toMatchObject({ status: 'paid', amount_paid: seen.amountDue });
    await settle(recur);
    await subscription.reload();
    expect(subscription.recurringAmount).toBe(gold.amount + storage.amount);
    const customer = (await Customer.findByPk(subscription.customerId))!;
    expect([customer.monthlyTotal, customer.yearlyTotal]).toEqual([2200, 26400]);
    expect(await Payment.count({ where: { customerId: customer.id, status: 'succeeded', amount: seen.amountDue } })).toBe(1);
  });

  it('removes it now: the credit is what Stripe computes, on the customer balance, and nothing is charged', async () => {
    const items = [{ planId: gold.id, quantity: 1 }];
    const seen = await preview(subscription, { items, when: 'now' });
    const credit = seen.lines.reduce((sum, line) => sum + line.amount, 0);
    expect(credit).toBeLessThan(0);
    expect(seen.amountDue).toBe(0);
    const before = await balanceOf(subscription);
    const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items, when: 'now', prorationDate: seen.prorationDate });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await balanceOf(subscription)) - before).toBe(credit);
    await settle(recur);
    await subscription.reload();
    expect(subscription.items.map((i) => i.planId)).toEqual([gold.id]);
    expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(1900);
  });

  it('refuses what the catalog does not allow, changing nothing', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ items: [{ planId: gold.id }, { planId: yearlyStorage.id }] }, 409, /billed every 1 year/],
      [{ items: [{ planId: gold.id }, { planId: silver.id }] }, 400, /exactly one base plan/],
      [{ items: [{ planId: storage.id }] }, 400, /exactly one base plan/],
      [{ items: [{ planId: gold.id }, { planId: storage.id, quantity: 2 }] }, 400, /takes exactly 1/],
      [{ items: [{ planId: gold.id }, { planId: gold.id }] }, 400, /listed twice/],
      [{ items: [{ planId: gold.id }] }, 409, /already has exactly these items/],
      [{ items: [{ planId: gold.id, qty: 2 }] }, 400, /./],
      [{ items: [{ planId: gold.id }], whenever: 'now' }, 400, /./],
      [{ items: [] }, 400, /./],
      [{ items: [{ planId: 999_999 }] }, 400, /No plan/],
    ];
    const before = JSON.stringify(
      (await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).items.data.map((i) => [i.price.id, i.quantity]),
    );
    for (const [body, status, message] of cases) {
      for (const path of ['preview', 'update']) {
        const res = await call('POST', `/api/subscriptions/${subscription.id}/${path}`, body);
        expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
        expect((await res.json()).message).toMatch(message);
      }
    }
    const after = JSON.stringify(
      (await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).items.data.map((i) => [i.price.id, i.quantity]),
    );
    expect(after).toBe(before);
  });

  it('changes the plan under its add-ons: the base item moves, the add-ons stay, where the new plan allows them', async () => {
    const items = [{ planId: gold.id }, { planId: storage.id }];
    const seen = await preview(subscription, { items });
    expect((await call('POST', `/api/subscriptions/${subscription.id}/update`, { items, prorationDate: seen.prorationDate })).status).toBe(200);
    await settle(recur);
    await subscription.reload();
    const refused = await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${silver.id}`);
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toMatch(/Silver Monthly cannot keep this subscription's add-ons/);
    const platinum = (await Plan.findOne({ where: { name: 'Platinum Monthly' } }))!;
    const planPreview = (await (await call('GET', `/api/subscriptions/${subscription.id}/preview?plan=${platinum.id}`)).json()) as { prorationDate: number };
    const changed = await call('POST', `/api/subscriptions/${subscription.id}/change-plan`, { planId: platinum.id, prorationDate: planPreview.prorationDate });
    expect(changed.status, await changed.clone().text()).toBe(200);
    await settle(recur);
    await subscription.reload();
    expect(subscription.items.map((i) => i.planId)).toEqual([platinum.id, storage.id]);
    expect(subscription.planId).toBe(platinum.id);
    expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(platinum.amount + storage.amount);
  });

  it('refuses an add-on the base plan does not offer', async () => {
    const other = await subscriber('Silver Monthly', 'silver-addons@example.com');
    const res = await call('POST', `/api/subscriptions/${other.id}/preview`, { items: [{ planId: silver.id }, { planId: support.id }] });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toBe('Silver Monthly does not offer Priority support');
  });
});

describe('seats', () => {
  let team: Plan;
  let subscription: Subscription;

  beforeAll(async () => {
    const res = await call('POST', '/api/plans', {
      name: 'Team Seats',
      tier: 'gold',
      amount: 700,
      currency: 'usd',
      interval: 'month',
      perSeat: true,
      minQuantity: 1,
      maxQuantity: 10,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    team = (await Plan.findByPk((await res.json()).id))!;
    subscription = await subscriber('Team Seats', 'seats@example.com');
  });

  it('goes 3 → 5 now, each charge equal to its preview', async () => {
    for (const quantity of [3, 5]) {
      const items = [{ planId: team.id, quantity }];
      const seen = await preview(subscription, { items });
      expect(seen.when).toBe('now');
      const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items, prorationDate: seen.prorationDate });
      expect(res.status, await res.clone().text()).toBe(200);
      const [charged] = await changeInvoices(subscription);
      expect(charged).toMatchObject({ status: 'paid', amount_paid: seen.amountDue });
      await settle(recur);
      expect((await subscription.reload()).quantity).toBe(quantity);
      expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(700 * quantity);
    }
  });

  it('goes 5 → 2 at the period end by default (a downgrade), shown as the pending change; the admin can drop it', async () => {
    const items = [{ planId: team.id, quantity: 2 }];
    const seen = await preview(subscription, { items });
    expect(seen.when).toBe('period_end');
    // The next invoice, with the change in it: two seats, nothing prorated.
    expect(seen.amountDue).toBe(1400);
    const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = await res.json();
    expect(body.quantity).toBe(5);
    expect(body.pendingChange).toEqual({
      items: [{ planId: team.id, stripePriceId: team.stripePriceId, quantity: 2 }],
      effectiveAt: new Date(seen.effectiveAt * 1000).toISOString(),
    });
    expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).schedule).toMatch(/^sub_sched_/);

    const dropped = await call('DELETE', `/api/subscriptions/${subscription.id}/pending-change`);
    expect(dropped.status, await dropped.clone().text()).toBe(200);
    expect((await dropped.json()).pendingChange).toBeNull();
    expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).schedule).toBeNull();
    await settle(recur);
    expect((await subscription.reload()).pendingChange).toBeNull();
    expect((await call('DELETE', `/api/subscriptions/${subscription.id}/pending-change`)).status).toBe(409);

    // Scheduled again in the same period: a new schedule (an idempotency key reused within Stripe's
    // 24 hours would have replayed the released one).
    const again = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items });
    expect(again.status, await again.clone().text()).toBe(200);
    expect((await again.json()).pendingChange).toMatchObject({ items: [{ planId: team.id, quantity: 2 }] });
    expect((await call('DELETE', `/api/subscriptions/${subscription.id}/pending-change`)).status).toBe(200);
  });

  it('refuses seats outside the plan’s bounds', async () => {
    const res = await call('POST', `/api/subscriptions/${subscription.id}/preview`, { items: [{ planId: team.id, quantity: 11 }] });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual({ 'items.0.quantity': 'must be between 1 and 10' });
  });
});

describe('a downgrade scheduled for the period end', () => {
  it('takes effect when the test clock passes the period end: the new price in force, webhooks applied, totals right', async () => {
    const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
    const subscription = await subscriber('Gold Monthly', 'scheduled-downgrade@example.com', clock);
    const items = [{ planId: silver.id }];
    const seen = await preview(subscription, { items });
    expect(seen).toMatchObject({ when: 'period_end', amountDue: silver.amount, effectiveAt: monthStart(1) });
    const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).pendingChange).toMatchObject({
      items: [{ planId: silver.id, quantity: 1 }],
      effectiveAt: new Date(monthStart(1) * 1000).toISOString(),
    });
    // Nothing changes before the period ends: still on Gold, and nothing charged; the next charge is the new price.
    await settle(recur);
    expect(await subscription.reload()).toMatchObject({ planId: gold.id, recurringAmount: gold.amount });
    expect(await (await call('GET', `/api/subscriptions/${subscription.id}/upcoming`)).json()).toMatchObject({ status: 'scheduled', amount: silver.amount });

    await advanceClock(recur.stripe, clock.id, monthStart(1) + 3600);
    await settle(recur);
    await subscription.reload();
    expect(subscription).toMatchObject({ planId: silver.id, unitAmount: silver.amount, recurringAmount: silver.amount, status: 'active', pendingChange: null });
    const renewal = await Payment.findOne({ where: { customerId: subscription.customerId, billingReason: 'subscription_cycle' } });
    expect(renewal).toMatchObject({ amount: silver.amount, status: 'succeeded' });
    expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(silver.amount);
  });
});

describe('when changes take effect', () => {
  it('follows the settings: the owner can make upgrades wait for the period end and downgrades happen now', async () => {
    const subscription = await subscriber('Gold Monthly', 'timing@example.com');
    const current = await (await call('GET', '/api/settings')).json();
    expect(current.changeTiming).toEqual({ upgrades: 'now', downgrades: 'period_end' });
    const bad = await call('PUT', '/api/settings', { ...current, changeTiming: { upgrades: 'later', downgrades: 'now' } });
    expect(bad.status).toBe(400);
    const set = await call('PUT', '/api/settings', { ...current, changeTiming: { upgrades: 'period_end', downgrades: 'now' } });
    expect(set.status, await set.clone().text()).toBe(200);
    try {
      expect((await preview(subscription, { items: [{ planId: gold.id }, { planId: storage.id }] })).when).toBe('period_end');
      expect((await preview(subscription, { items: [{ planId: silver.id }] })).when).toBe('now');
      // The admin's explicit choice wins over the settings.
      expect((await preview(subscription, { items: [{ planId: silver.id }], when: 'period_end' })).when).toBe('period_end');
    } finally {
      await call('PUT', '/api/settings', current);
    }
  });
});

describe('an add-on whose charge is declined', () => {
  it('is refused with 402 naming the decline, and the subscription keeps only what was paid for', async () => {
    // Applied only once paid (payment_behavior=pending_if_incomplete, docs.stripe.com/billing/subscriptions/pending-updates).
    const subscription = await subscriber('Gold Monthly', 'declined-addon@example.com');
    const customer = (await Customer.findByPk(subscription.customerId))!;
    const card = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.stripeCustomerId! });
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: card.id });
    const items = [{ planId: gold.id }, { planId: support.id }];
    const seen = await preview(subscription, { items });
    const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items, prorationDate: seen.prorationDate });
    expect(res.status).toBe(402);
    expect((await res.json()).message).toMatch(/declined.*stays on Gold Monthly; nothing was charged/s);
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    expect(remote.items.data.map((i) => i.price.id)).toEqual([gold.stripePriceId]);
    expect(remote.pending_update).toBeNull();
    await settle(recur);
    expect((await subscription.reload()).items.map((i) => i.planId)).toEqual([gold.id]);
    expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(gold.amount);
  });
});
