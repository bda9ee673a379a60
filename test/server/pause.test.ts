import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { advanceClock, DAY, monthStart } from '../helpers/clock';
import { portalSignIn } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { maintainedTotals, totalsFromScratch } from '../helpers/state';
import { jsonRequest } from '../helpers/api';

// Pausing payment collection as Stripe documents it, docs.stripe.com/billing/subscriptions/pause-payment:
// "When you pause payment collection, the subscription remains `active` and invoices continue to
// generate, but Stripe doesn't collect payment"; `pause_collection[behavior]` is keep_as_draft,
// mark_uncollectible or void, `resumes_at` ends the pause (docs.stripe.com/api/subscriptions/update#update_subscription-pause_collection),
// and `pause_collection: ''` unpauses.

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

const call = (method: string, path: string, body?: unknown, cookie = owner) => jsonRequest(recur.app, method, path, { cookie, body });

interface Subscriber {
  clock: Stripe.TestHelpers.TestClock;
  customer: Customer;
  subscription: Subscription;
}

/** A Gold Monthly subscriber on a test clock at the start of next month (the form finds the clock's customer by e-mail). */
async function subscriber(email: string): Promise<Subscriber> {
  const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
  await recur.stripe.customers.create({ email, test_clock: clock.id });
  await signUp(recur, 'Gold Monthly', email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return { clock, customer, subscription: (await Subscription.findOne({ where: { customerId: customer.id } }))! };
}

async function cycleInvoices(subscription: Subscription): Promise<Stripe.Invoice[]> {
  const list = await recur.stripe.invoices.list({ subscription: subscription.stripeSubscriptionId, limit: 20 });
  return list.data.filter((i) => i.billing_reason === 'subscription_cycle').sort((a, b) => a.created - b.created);
}

const shown = async (subscription: Subscription) => (await call('GET', `/api/subscriptions/${subscription.id}`)).json();
const succeededOn = (invoice: Stripe.Invoice) => Payment.count({ where: { stripeInvoiceId: invoice.id, status: 'succeeded' } });

describe('pausing payment collection', () => {
  const outcome: Record<string, string> = { void: 'void', keep_as_draft: 'draft', mark_uncollectible: 'uncollectible' };

  for (const behavior of ['void', 'keep_as_draft', 'mark_uncollectible'] as const) {
    it(`${behavior}: the renewal while paused is ${outcome[behavior]} and not charged; after unpausing the next renewal is charged`, async () => {
      const { clock, customer, subscription } = await subscriber(`pause-${behavior}@example.com`);
      expect(customer.monthlyTotal).toBe(gold.amount);
      const resumesAt = behavior === 'keep_as_draft' ? new Date(monthStart(3) * 1000).toISOString() : undefined;
      const res = await call('POST', `/api/subscriptions/${subscription.id}/pause`, { behavior, ...(resumesAt ? { resumesAt } : {}) });
      expect(res.status).toBe(200);
      await settle(recur); // on a test clock Stripe dates its events by the clock: the webhook brings the state
      expect(await shown(subscription)).toMatchObject({ status: 'active', pauseBehavior: behavior, pausedUntil: resumesAt ?? null });
      const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
      expect(remote.pause_collection).toEqual({ behavior, resumes_at: resumesAt ? monthStart(3) : null });
      expect(await AuditLog.count({ where: { action: 'subscription.pause', entityId: String(subscription.id) } })).toBe(1);
      // Paused collection is no run-rate (Stripe's MRR leaves it out).
      expect((await customer.reload()).monthlyTotal).toBe(0);
      // The maintained totals agree with totals computed from scratch (every item, paused left out).
      expect(await totalsFromScratch()).toEqual(await maintainedTotals());

      // Pausing twice is refused: the first pause stands.
      const again = await call('POST', `/api/subscriptions/${subscription.id}/pause`, { behavior: 'void' });
      expect(again.status).toBe(409);
      expect((await again.json()).message).toMatch(/already paused/);

      await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
      await settle(recur);
      const [whilePaused] = await cycleInvoices(subscription);
      expect(whilePaused!.status).toBe(outcome[behavior]);
      expect(whilePaused!.amount_paid).toBe(0);
      expect(await succeededOn(whilePaused!)).toBe(0);
      expect(await Payment.count({ where: { customerId: customer.id, status: 'failed' } })).toBe(0);
      expect((await subscription.reload()).status).toBe('active');
      expect(subscription.pauseBehavior).toBe(behavior);

      const unpaused = await call('POST', `/api/subscriptions/${subscription.id}/unpause`);
      expect(unpaused.status).toBe(200);
      await settle(recur);
      expect(await shown(subscription)).toMatchObject({ pauseBehavior: null, pausedUntil: null });
      expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).pause_collection).toBeNull();
      expect((await customer.reload()).monthlyTotal).toBe(gold.amount);
      expect((await call('POST', `/api/subscriptions/${subscription.id}/unpause`)).status).toBe(409);

      await advanceClock(recur.stripe, clock.id, monthStart(2) + 60);
      await settle(recur);
      const next = (await cycleInvoices(subscription)).at(-1)!;
      expect(next.id).not.toBe(whilePaused!.id);
      expect(next).toMatchObject({ status: 'paid', amount_paid: gold.amount });
      expect(await succeededOn(next)).toBe(1);
      // The paused period stays as it was: nothing collected it later.
      expect((await recur.stripe.invoices.retrieve(whilePaused!.id)).status).toBe(outcome[behavior]);
    });
  }

  it('resumes by itself at resumesAt: the renewal after it is charged', async () => {
    const { clock, subscription } = await subscriber('pause-until@example.com');
    const resumesAt = monthStart(1) + 5 * DAY;
    expect(
      (await call('POST', `/api/subscriptions/${subscription.id}/pause`, { behavior: 'void', resumesAt: new Date(resumesAt * 1000).toISOString() })).status,
    ).toBe(200);
    await settle(recur);
    expect(await shown(subscription)).toMatchObject({ pauseBehavior: 'void', pausedUntil: new Date(resumesAt * 1000).toISOString() });
    await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
    await settle(recur);
    expect((await cycleInvoices(subscription))[0]!.status).toBe('void');
    await advanceClock(recur.stripe, clock.id, monthStart(2) + 60);
    await settle(recur);
    expect(await subscription.reload()).toMatchObject({ pauseBehavior: null, pausedUntil: null });
    const next = (await cycleInvoices(subscription)).at(-1)!;
    expect(next).toMatchObject({ status: 'paid', amount_paid: gold.amount });
  });
});

describe('what a pause is refused for', () => {
  let sub: Subscriber;
  beforeAll(async () => {
    sub = await subscriber('pause-refusals@example.com');
  });

  it('answers 400 to bad bodies and changes nothing', async () => {
    const path = `/api/subscriptions/${sub.subscription.id}/pause`;
    const bodies: [unknown, string][] = [
      [{}, 'behavior'],
      [{ behavior: 'stop' }, 'behavior'],
      [{ behavior: 'void', note: 'x' }, ''],
      [{ behavior: 'void', resumesAt: '2001-01-01T00:00:00Z' }, 'resumesAt'],
      [{ behavior: 'void', resumesAt: 'next tuesday' }, 'resumesAt'],
      [{ behavior: 'void', resumesAt: 1893456000 }, 'resumesAt'],
    ];
    for (const [body, field] of bodies) {
      const res = await call('POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (field) expect(Object.keys((await res.json()).errors)).toContain(field);
    }
    expect((await call('POST', `/api/subscriptions/${sub.subscription.id}/unpause`, { now: true })).status).toBe(400);
    expect((await recur.stripe.subscriptions.retrieve(sub.subscription.stripeSubscriptionId)).pause_collection).toBeNull();
    expect((await sub.subscription.reload()).pauseBehavior).toBeNull();
    expect(await AuditLog.count({ where: { action: 'subscription.pause', entityId: String(sub.subscription.id) } })).toBe(0);
  });

  it('is the admins’ and the owner’s: a viewer gets 403; an unknown subscription 404', async () => {
    expect((await call('POST', `/api/subscriptions/${sub.subscription.id}/pause`, { behavior: 'void' }, viewer)).status).toBe(403);
    expect((await call('POST', `/api/subscriptions/${sub.subscription.id}/unpause`, undefined, viewer)).status).toBe(403);
    expect((await call('POST', '/api/subscriptions/999999/pause', { behavior: 'void' })).status).toBe(404);
    expect((await recur.stripe.subscriptions.retrieve(sub.subscription.stripeSubscriptionId)).pause_collection).toBeNull();
  });

  it('refuses a canceled subscription with 409', async () => {
    expect((await call('POST', `/api/subscriptions/${sub.subscription.id}/cancel`, { atPeriodEnd: false })).status).toBe(200);
    await settle(recur);
    const res = await call('POST', `/api/subscriptions/${sub.subscription.id}/pause`, { behavior: 'void' });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/canceled/);
  });
});

describe('a paused customer', () => {
  let sub: Subscriber;
  beforeAll(async () => {
    sub = await subscriber('paused-access@example.com');
    await call('POST', `/api/subscriptions/${sub.subscription.id}/pause`, { behavior: 'mark_uncollectible' });
    await settle(recur);
  });
  const access = async () => (await call('GET', `/api/customers/${sub.customer.id}/access`)).json();
  const putSettings = (body: unknown) => call('PUT', '/api/settings', body);

  it('has no access by default, and keeps it when the owner says paused subscriptions keep access', async () => {
    expect(await access()).toMatchObject({ entitled: false, reason: 'collection paused' });
    const settings = await (await call('GET', '/api/settings')).json();
    expect(settings).toMatchObject({ accessPolicy: { pausedKeepsAccess: false }, portalPolicy: { customersMayPause: false } });
    expect((await putSettings({ accessPolicy: { ...settings.accessPolicy, pausedKeepsAccess: true } })).status).toBe(200);
    expect(await access()).toMatchObject({ entitled: true, reason: 'collection paused, access kept' });
    expect((await putSettings({ accessPolicy: { ...settings.accessPolicy, pausedKeepsAccess: 'yes' } })).status).toBe(400);
    await putSettings({ accessPolicy: settings.accessPolicy });
    expect(await access()).toMatchObject({ entitled: false });
  });

  it('counts apart on the dashboard, outside MRR', async () => {
    const summary = await (await call('GET', '/api/stats/summary')).json();
    expect(summary.paused).toBeGreaterThanOrEqual(1);
    expect(summary.subscriptions.paused).toBe(summary.paused);
    const paying = await Customer.sum('monthlyTotal');
    expect(summary.mrr.reduce((sum: number, m: { amount: number }) => sum + m.amount, 0)).toBe(paying);
    expect((await sub.customer.reload()).monthlyTotal).toBe(0);
  });

  it('sees the pause in the portal, pauses there only when the owner allows it, and may always unpause', async () => {
    const portal = await portalSignIn(recur, 'paused-access@example.com');
    let page = await (await portal.get('/portal')).text();
    expect(page).toContain('data-field="paused"');
    expect(page).toContain('Unpause payments');
    expect((await portal.post(`/portal/subscriptions/${sub.subscription.id}/unpause`)).headers.get('location')).toBe('/portal?done=unpaused');
    await settle(recur);
    expect((await sub.subscription.reload()).pauseBehavior).toBeNull();

    page = await (await portal.get('/portal')).text();
    expect(page).not.toContain('Pause payments');
    expect((await portal.get(`/portal/subscriptions/${sub.subscription.id}/pause`)).status).toBe(403);
    expect((await portal.post(`/portal/subscriptions/${sub.subscription.id}/pause`, { confirm: 'yes' })).status).toBe(403);

    const settings = await (await call('GET', '/api/settings')).json();
    expect((await call('PUT', '/api/settings', { ...settings, portalPolicy: { customersMayPause: true } })).status).toBe(200);
    page = await (await portal.get('/portal')).text();
    expect(page).toContain(`/portal/subscriptions/${sub.subscription.id}/pause`);
    expect((await portal.get(`/portal/subscriptions/${sub.subscription.id}/pause`)).status).toBe(200);
    expect((await portal.post(`/portal/subscriptions/${sub.subscription.id}/pause`, { confirm: 'yes', resumesAt: '2001-01-01' })).status).toBe(400);
    const paused = await portal.post(`/portal/subscriptions/${sub.subscription.id}/pause`, {
      confirm: 'yes',
      resumesAt: new Date(monthStart(4) * 1000).toISOString().slice(0, 10),
    });
    expect(paused.headers.get('location')).toBe('/portal?done=paused');
    await settle(recur);
    expect((await recur.stripe.subscriptions.retrieve(sub.subscription.stripeSubscriptionId)).pause_collection).toEqual({
      behavior: 'void',
      resumes_at: monthStart(4),
    });
    expect(await (await portal.get('/portal?done=paused')).text()).toMatch(/Paused until/);
  });
});
