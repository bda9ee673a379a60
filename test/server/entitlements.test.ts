import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEvent, Customer, Plan, Subscription } from '../../server/db/models';
import { entitlementsFor } from '../../server/billing/entitlements';
import { DAY, advanceClock, monthStart } from '../helpers/clock';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { jsonRequest } from '../helpers/api';

// Entitlements (issue 15, DESIGN §3.2): features valued per plan and add-on, summed, seats
// multiplying a per-seat plan's limits, and the access policy deciding whether any of it counts.

let recur: TestRecur;
let cookie: string;
let readKey: string;
let writeKey: string;
let gold: Plan;
let storage: Plan;
let support: Plan;
let team: Plan;

const call = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

async function apiKey(scopes: string[]): Promise<string> {
  const res = await call('POST', '/api/api-keys', { name: scopes.join('+'), scopes });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
  [readKey, writeKey] = [await apiKey(['read']), await apiKey(['write'])];
  const named = async (name: string) => (await Plan.findOne({ where: { name } }))!;
  [gold, storage, support] = await Promise.all(['Gold Monthly', 'Extra storage', 'Priority support'].map(named));
  for (const feature of [
    { key: 'api', name: 'API access', kind: 'boolean' },
    { key: 'priority', name: 'Priority support', kind: 'boolean' },
    { key: 'projects', name: 'Projects', kind: 'limit' },
    { key: 'exports', name: 'Exports', kind: 'boolean' },
  ])
    expect((await call('POST', '/api/features', feature)).status).toBe(201);
  const values: [Plan, object][] = [
    [gold, { api: true, projects: 10 }],
    [storage, { projects: 5 }],
    [support, { priority: true }],
  ];
  for (const [plan, features] of values) expect((await call('PUT', `/api/plans/${plan.id}`, { features })).status).toBe(200);
  const created = await call('POST', '/api/plans', {
    name: 'Team Seats',
    tier: 'gold',
    amount: 700,
    currency: 'usd',
    interval: 'month',
    perSeat: true,
    maxQuantity: 50,
    features: { projects: 3, api: true },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  team = (await Plan.findByPk((await created.json()).id))!;
});
afterAll(() => recur.close());

const NOTHING = { api: false, priority: false, projects: 0, exports: false };

const ask = (path: string, key = readKey) => recur.app.request(`/api/v1/${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

async function entitlementsOf(email: string): Promise<Record<string, boolean | number>> {
  const res = await ask(`customers/${encodeURIComponent(email)}/entitlements`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { features: Record<string, boolean | number> }).features;
}

async function subscriber(planName: string, email: string, clock?: Stripe.TestHelpers.TestClock): Promise<Subscription> {
  if (clock) await recur.stripe.customers.create({ email, name: email.split('@')[0], test_clock: clock.id });
  await signUp(recur, planName, email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return (await Subscription.findOne({ where: { customerId: customer.id } }))!;
}

/** Changes a subscription's items now, as the admin does: preview, then update with its proration date. */
async function setItems(subscription: Subscription, items: { planId: number; quantity?: number }[]): Promise<void> {
  const preview = await call('POST', `/api/subscriptions/${subscription.id}/preview`, { items, when: 'now' });
  expect(preview.status, await preview.clone().text()).toBe(200);
  const { prorationDate } = (await preview.json()) as { prorationDate: number };
  const res = await call('POST', `/api/subscriptions/${subscription.id}/update`, { items, when: 'now', prorationDate });
  expect(res.status, await res.clone().text()).toBe(200);
  await settle(recur);
}

describe('what a subscription grants', () => {
  let subscription: Subscription;

  it("answers the base plan's features, every feature listed", async () => {
    subscription = await subscriber('Gold Monthly', 'gold@example.com');
    expect(await entitlementsOf('Gold@Example.com')).toEqual({ ...NOTHING, api: true, projects: 10 });
  });

  it("sums an add-on's limit with the base plan's, and ORs its booleans", async () => {
    await setItems(subscription, [{ planId: gold.id }, { planId: storage.id }]);
    expect(await entitlementsOf('gold@example.com')).toEqual({ ...NOTHING, api: true, projects: 15 });
    await setItems(subscription, [{ planId: gold.id }, { planId: storage.id }, { planId: support.id }]);
    expect(await entitlementsOf('gold@example.com')).toEqual({ ...NOTHING, api: true, projects: 15, priority: true });
  });

  it('multiplies a per-seat plan’s limits by its seats', async () => {
    const seats = await subscriber('Team Seats', 'team@example.com');
    expect(await entitlementsOf('team@example.com')).toEqual({ ...NOTHING, api: true, projects: 3 });
    await setItems(seats, [{ planId: team.id, quantity: 4 }]);
    expect(await entitlementsOf('team@example.com')).toEqual({ ...NOTHING, api: true, projects: 12 });
  });

  it('combines several subscriptions of one customer: booleans ORed, limits summed', async () => {
    await subscriber('Gold Monthly', 'two@example.com');
    await signUp(recur, 'Team Seats', 'two@example.com');
    await settle(recur);
    const customer = (await Customer.findOne({ where: { email: 'two@example.com' } }))!;
    expect(await Subscription.count({ where: { customerId: customer.id, status: 'active' } })).toBe(2);
    expect(await entitlementsOf('two@example.com')).toEqual({ ...NOTHING, api: true, projects: 13 });
  });

  it('answers the same inside a write, through its transaction', async () => {
    const inside = await recur.db.write((transaction) => entitlementsFor(subscription.customerId, transaction));
    expect(inside).toEqual({ ...NOTHING, api: true, projects: 15, priority: true });
  });

  it("emits entitlements.changed for each subscriber whose answer a plan's new values change, in the same write", async () => {
    const before = await AppEvent.count({ where: { type: 'entitlements.changed' } });
    const res = await call('PUT', `/api/plans/${storage.id}`, { features: { projects: 7, exports: true } });
    expect(res.status, await res.clone().text()).toBe(200);
    const events = await AppEvent.findAll({ where: { type: 'entitlements.changed' }, order: [['createdAt', 'ASC']] });
    expect(events.length - before).toBe(1);
    const customer = (await Customer.findByPk(subscription.customerId))!;
    expect(events.at(-1)!.data).toEqual({
      customerId: customer.id,
      externalId: null,
      email: 'gold@example.com',
      features: { api: true, priority: true, projects: 17, exports: true },
    });
    // The same values again change nobody's answer: no event.
    expect((await call('PUT', `/api/plans/${storage.id}`, { features: { projects: 7, exports: true } })).status).toBe(200);
    expect(await AppEvent.count({ where: { type: 'entitlements.changed' } })).toBe(events.length);
  });
});

describe('the access policy applied', () => {
  const RENEWAL = monthStart(1);
  let clock: Stripe.TestHelpers.TestClock;
  let subscription: Subscription;

  it('keeps a past_due subscription entitled within its grace period', async () => {
    clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
    subscription = await subscriber('Gold Monthly', 'late@example.com', clock);
    const stripeCustomer = (await Customer.findByPk(subscription.customerId))!.stripeCustomerId!;
    const pm = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: stripeCustomer });
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: pm.id });
    await advanceClock(recur.stripe, clock.id, RENEWAL + 60);
    await settle(recur);
    expect((await subscription.reload()).status).toBe('past_due');
    expect(await entitlementsOf('late@example.com')).toEqual({ ...NOTHING, api: true, projects: 10 });
  });

  it('takes everything away once the grace period is over', async () => {
    // The test clock runs ahead of the wall clock the policy reads: the payment is made to have come due 8 days ago.
    await subscription.update({ currentPeriodStart: new Date(Date.now() - 8 * DAY * 1000) });
    expect(await entitlementsOf('late@example.com')).toEqual(NOTHING);
  });

  it('follows the policy for paused collection: nothing by default, everything when paused subscriptions keep access', async () => {
    const paused = await subscriber('Gold Monthly', 'paused@example.com');
    expect((await call('POST', `/api/subscriptions/${paused.id}/pause`, { behavior: 'void' })).status).toBe(200);
    await settle(recur);
    expect(await entitlementsOf('paused@example.com')).toEqual(NOTHING);
    const policy = { pastDueGraceDays: 7, unpaidGraceDays: 0, incompleteGraceDays: 0, pausedKeepsAccess: true };
    expect((await call('PUT', '/api/settings', { accessPolicy: policy })).status).toBe(200);
    expect(await entitlementsOf('paused@example.com')).toEqual({ ...NOTHING, api: true, projects: 10 });
    expect((await call('PUT', '/api/settings', { accessPolicy: { ...policy, pausedKeepsAccess: false } })).status).toBe(200);
  });

  it('answers all false and 0 for a canceled subscription', async () => {
    const canceled = await subscriber('Gold Monthly', 'gone@example.com');
    expect((await call('POST', `/api/subscriptions/${canceled.id}/cancel`, { atPeriodEnd: false })).status).toBe(200);
    await settle(recur);
    expect((await canceled.reload()).status).toBe('canceled');
    expect(await entitlementsOf('gone@example.com')).toEqual(NOTHING);
  });
});

describe('GET /api/v1/users/:externalId/entitlements', () => {
  it('answers for the customer linked to the user id', async () => {
    // Linking goes through a signup link (the linked-accounts tests); here the link is the row's column.
    await Customer.update({ externalId: 'user-42' }, { where: { email: 'gold@example.com' } });
    const res = await ask('users/user-42/entitlements');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ features: { api: true, priority: true, projects: 17, exports: true } });
  });

  it('answers 401 without a valid key, 403 without the read scope, 404 for an unknown user, 400 for a malformed one', async () => {
    for (const path of ['users/user-42/entitlements', 'customers/gold%40example.com/entitlements']) {
      expect((await ask(path, '')).status).toBe(401);
      expect((await ask(path, 'rk_recur_not_a_real_key_at_all_000000')).status).toBe(401);
      const forbidden = await ask(path, writeKey);
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).message).toMatch(/read/);
      expect((await recur.app.request(`/api/v1/${path}`, { headers: { cookie } })).status).toBe(401);
    }
    expect((await ask('users/nobody/entitlements')).status).toBe(404);
    expect((await ask('customers/nobody%40example.com/entitlements')).status).toBe(404);
    expect((await ask('users/has%20space/entitlements')).status).toBe(400);
    expect((await ask('customers/not-an-email/entitlements')).status).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await recur.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/users/{externalId}/entitlements', '/customers/{email}/entitlements']));
  });
});
