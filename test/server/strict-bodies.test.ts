import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Coupon, Customer, Payment, Plan, PromotionCode, Subscription } from '../../server/db/models';
import { fingerprint, type Exclusion } from '../helpers/fingerprint';
import { appRoutes, fillPath, type AppRoute } from '../helpers/routes';
import { createApiKey } from '../helpers/apiKeys';
import { OWNER_EMAIL, OWNER_PASSWORD, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

/**
 * DESIGN §7: every JSON body is a strict object — an unknown key is a 400 naming it, and nothing
 * changes — while a resource's own read-only fields, which react-admin's Edit sends back, are
 * known and ignored. Found by probing: `{"amnt": 100}` once refunded a whole payment.
 */

const UNKNOWN = 'zzNotAField';

/** Routes that take no JSON body of a client's making, each with the reason. */
const NOT_WALKED: readonly { route: string; why: string }[] = [
  { route: 'POST /api/auth/logout', why: 'ends the session the walk uses; signing out reads no body and is always safe to do' },
];

/** Nothing here may change while the walk runs; these tables are written for other reasons. */
const EXCLUSIONS: readonly Exclusion[] = [
  { table: 'login_attempts', why: 'not written for a refused body, but kept out of the comparison like the fuzzer does' },
  { table: 'api_keys', columns: ['last_used_at'], why: 'a key records when it was last used, refused or not' },
];

let recur: TestRecur;
let cookie: string;
/** /api/v1 takes an API key (with the write scope for its POSTs) instead of the admin's session */
let apiKey: string;
const ids: Record<string, string> = {};
/** A valid body per route: the walk adds one unknown key, so the key alone must be what is refused. */
let valid: Record<string, unknown> = {};

const label = (route: AppRoute) => `${route.method} ${route.path}`;

function send(method: string, path: string, body: unknown) {
  const auth: Record<string, string> = path.startsWith('/api/v1/') ? { authorization: `Bearer ${apiKey}` } : { cookie };
  return recur.app.request(path, { method, headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function firstId(collection: string): Promise<string> {
  const rows = (await (await recur.app.request(collection, { headers: { cookie } })).json()) as { id: number | string }[];
  return String(rows[0]?.id ?? '1');
}

beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  await signUp(recur, 'Gold Monthly', 'strict@example.com');
  await settle(recur);
  cookie = await signInCookie(recur.app);
  apiKey = await createApiKey(recur.app, cookie, 'strict walk', ['read', 'write']);
  const coupon = await (await send('POST', '/api/coupons', { name: 'Ten off', percentOff: 10, duration: 'once' })).json();
  await send('POST', '/api/promotion-codes', { couponId: coupon.id, code: 'STRICT-10' });
  await send('POST', '/api/signup-forms', { slug: 'strict', title: 'Strict', allPlans: true });
  for (const resource of [
    'plans',
    'coupons',
    'promotion-codes',
    'subscriptions',
    'payments',
    'events',
    'notifications',
    'signup-forms',
    'email-templates',
    'admin-users',
    'customers',
  ]) {
    ids[resource] = await firstId(`/api/${resource}`);
  }
  const platinum = (await Plan.findOne({ where: { name: 'Platinum Monthly' } }))!;
  valid = {
    'POST /api/auth/login': { email: OWNER_EMAIL, password: OWNER_PASSWORD },
    'POST /api/plans': { name: 'Walked', tier: 'gold', amount: 1000, currency: 'usd', interval: 'month' },
    'PUT /api/plans/:id': { name: 'Renamed' },
    'POST /api/plans/:id/migrate-subscribers': {},
    'POST /api/coupons': { name: 'Walked', percentOff: 5, duration: 'once' },
    'PUT /api/coupons/:id': { name: 'Renamed' },
    'POST /api/promotion-codes': { couponId: coupon.id, code: 'WALKED' },
    'PUT /api/promotion-codes/:id': { active: false },
    'POST /api/subscriptions/:id/change-plan': { planId: platinum.id, prorationDate: Math.floor(Date.now() / 1000) },
    'POST /api/subscriptions/:id/preview': { items: [{ planId: platinum.id, quantity: 1 }] },
    'POST /api/subscriptions/:id/update': { items: [{ planId: platinum.id, quantity: 1 }], when: 'now', prorationDate: Math.floor(Date.now() / 1000) },
    'POST /api/subscriptions/:id/cancel': { atPeriodEnd: false },
    'POST /api/subscriptions/:id/resume': {},
    'POST /api/subscriptions/:id/extend': { days: 3 },
    'POST /api/subscriptions/:id/coupon': { couponId: coupon.id },
    'POST /api/subscriptions/:id/pause': { behavior: 'void' },
    'POST /api/subscriptions/:id/unpause': {},
    'POST /api/customers/:id/charges': { amount: 500, currency: 'usd', description: 'Walked', when: 'next_invoice', requestId: 'strict-bodies-1' },
    'POST /api/payments/:id/retry': {},
    'POST /api/payments/:id/refund': { amount: 100 },
    'POST /api/events/:id/replay': {},
    'POST /api/notifications/:id/resend': {},
    'POST /api/sync': {},
    'PUT /api/settings': { accessPolicy: { pastDueGraceDays: 3, unpaidGraceDays: 0, incompleteGraceDays: 0 } },
    'POST /api/signup-forms': { slug: 'walked', title: 'Walked', allPlans: true },
    'PUT /api/signup-forms/:id': { title: 'Renamed' },
    'PUT /api/email-templates/:id': { subject: 'Renamed', textBody: 'Body' },
    'POST /api/admin-users': { email: 'walked@example.com', name: 'Walked', role: 'admin', password: 'a long enough password' },
    'PUT /api/admin-users/:id': { name: 'Renamed', role: 'owner' },
    'POST /api/api-keys': { name: 'walked' },
    'POST /api/webhook-endpoints': { url: 'https://example.com/hooks' },
    'POST /api/features': { key: 'walked', name: 'Walked', kind: 'boolean' },
    'POST /api/v1/signup-links': { externalId: 'walked' },
    'POST /api/v1/portal-sessions': { email: 'strict@example.com' },
    'PUT /api/v1/users/:externalId': { email: 'strict@example.com' },
  };
}, 120_000);
afterAll(() => recur.close());

/** What Stripe holds that a wrongly accepted body would change. */
async function stripeState() {
  const subscription = (await Subscription.findOne())!;
  const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  return {
    refunds: (await recur.stripe.refunds.list({ limit: 100 })).data.length,
    coupons: (await recur.stripe.coupons.list({ limit: 100 })).data.map((c) => `${c.id}:${c.name}`),
    codes: (await recur.stripe.promotionCodes.list({ limit: 100 })).data.map((p) => `${p.code}:${p.active}`),
    subscription: [remote.status, remote.cancel_at_period_end, remote.items.data[0]!.price.id, remote.trial_end, remote.discounts.length],
  };
}

describe('every route that takes a JSON body', () => {
  it('answers an unknown key with 400 naming it, and nothing changes in Recur or in Stripe', async () => {
    const routes = appRoutes(recur.app).filter(
      (r) => r.path.startsWith('/api/') && ['POST', 'PUT', 'PATCH'].includes(r.method) && !NOT_WALKED.some((n) => n.route === label(r)),
    );
    expect(routes.length).toBeGreaterThan(20);
    // The table of valid bodies names real routes (a typo would silently test nothing).
    for (const known of Object.keys(valid)) expect(routes.map(label)).toContain(known);

    // The setup's coupon and promotion code send Stripe events of their own: applied before the walk starts.
    await settle(recur);
    const before = { db: await fingerprint(recur.db.sequelize, EXCLUSIONS), stripe: await stripeState() };
    const failures: string[] = [];
    for (const route of routes) {
      const resource = route.path.split('/')[2]!;
      const path = fillPath(route.path, (name) => (name === 'id' ? (ids[resource] ?? '1') : '1'));
      const body = { ...((valid[label(route)] as object | undefined) ?? {}), [UNKNOWN]: 1 };
      const res = await send(route.method, path, body);
      const answer = (await res.json().catch(() => ({}))) as { message?: string; errors?: Record<string, string> };
      if (res.status !== 400 || !answer.errors?.[UNKNOWN] || !answer.message?.includes(UNKNOWN)) {
        failures.push(`${label(route)} → ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    await settle(recur);
    expect({ db: await fingerprint(recur.db.sequelize, EXCLUSIONS), stripe: await stripeState() }).toEqual(before);
  });

  it('refuses unknown keys inside nested objects too', async () => {
    const policy = await send('PUT', '/api/settings', { accessPolicy: { pastDueGraceDays: 3, unpaidGraceDays: 0, incompleteGraceDays: 0, [UNKNOWN]: 1 } });
    expect(policy.status).toBe(400);
    expect((await policy.json()).errors).toHaveProperty(`accessPolicy.${UNKNOWN}`);
    const field = { key: 'company', label: 'Company', type: 'text', [UNKNOWN]: true };
    const form = await send('POST', '/api/signup-forms', { slug: 'nested', title: 'Nested', allPlans: true, customFields: [field] });
    expect(form.status).toBe(400);
    expect((await form.json()).errors).toHaveProperty(`customFields.0.${UNKNOWN}`);
  });

  it("accepts a record sent back as GET gave it: a resource's own read-only fields are known and ignored", async () => {
    for (const resource of ['plans', 'coupons', 'promotion-codes', 'signup-forms', 'email-templates', 'admin-users']) {
      const record = await (await recur.app.request(`/api/${resource}/${ids[resource]}`, { headers: { cookie } })).json();
      const res = await send('PUT', `/api/${resource}/${ids[resource]}`, record);
      expect(`${resource} ${res.status} ${res.status === 200 ? '' : await res.text()}`).toBe(`${resource} 200 `);
    }
    const settings = await (await recur.app.request('/api/settings', { headers: { cookie } })).json();
    expect((await send('PUT', '/api/settings', settings)).status).toBe(200);
  });
});

describe('a refund says what it means', () => {
  let payment: Payment;
  beforeAll(async () => {
    const customer = (await Customer.findOne({ where: { email: 'strict@example.com' } }))!;
    payment = (await Payment.findOne({ where: { customerId: customer.id, status: 'succeeded' } }))!;
  });

  // docs.stripe.com/api/refunds/create: amount "defaults to the entire charge amount" when left
  // out, so Recur never leaves it out by accident: a missing or misspelt amount refunds nothing.
  it.each([
    ['a misspelt amount', { amnt: 100 }, 'amnt'],
    ['no amount at all', {}, 'amount'],
    ['both an amount and full', { amount: 100, full: true }, 'full'],
    ['full: false', { full: false }, 'full'],
    ['full as a string', { full: 'true' }, 'full'],
  ])('refuses %s with 400 and refunds nothing', async (_what, body, field) => {
    const res = await send('POST', `/api/payments/${payment.id}/refund`, body);
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.errors).toHaveProperty(field);
    expect(answer.message).toBeTruthy();
    expect((await recur.stripe.refunds.list({ limit: 100 })).data).toEqual([]);
    expect(await payment.reload()).toMatchObject({ status: 'succeeded', refundedAmount: 0 });
  });

  it('refunds in full when asked for in so many words', async () => {
    const res = await send('POST', `/api/payments/${payment.id}/refund`, { full: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'refunded', refundedAmount: payment.amount });
    expect(await AuditLog.count({ where: { action: 'payment.refund', entityId: String(payment.id) } })).toBe(1);
  });
});

describe('actions that take no input', () => {
  it('refuse a body with any key rather than ignore it', async () => {
    const coupons = await Coupon.count();
    const codes = await PromotionCode.count();
    const res = await send('POST', `/api/payments/${ids.payments}/retry`, { amount: 100 });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toHaveProperty('amount');
    expect(await Coupon.count()).toBe(coupons);
    expect(await PromotionCode.count()).toBe(codes);
  });
});
