import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { Customer, Payment, Subscription } from '../../server/db/models';
import { advanceClock, monthStart } from '../helpers/clock';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

interface Row {
  id: number;
  customerId: number;
  subscriptionId: number | null;
  invoiceId: number | null;
  status: string;
  amount: number;
  attemptedAt: string;
  createdAt: string;
  customerEmail: string;
}

const q = (params: Record<string, unknown>) =>
  `?${new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)]))).toString()}`;
const get = (query: Record<string, unknown>) => recur.app.request(`/api/payments${q(query)}`, { headers: { cookie } });

async function list(
  filter: object,
  sort: [string, string] = ['createdAt', 'DESC'],
  range: [number, number] = [0, 99],
): Promise<{ rows: Row[]; total: number }> {
  const res = await get({ filter, sort, range });
  expect(res.status).toBe(200);
  return { rows: (await res.json()) as Row[], total: Number(res.headers.get('content-range')!.split('/')[1]) };
}

/** The maintained counts must equal a COUNT(*) from scratch, per status. */
async function expectCountsExact(): Promise<void> {
  const sequelize = recur.db.sequelize;
  const maintained = await sequelize.query<{ status: string; n: number }>(
    'SELECT status, SUM(n) AS n FROM payment_counts GROUP BY status HAVING SUM(n) <> 0 ORDER BY status',
    { type: QueryTypes.SELECT },
  );
  const scratch = await sequelize.query<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM payments GROUP BY status ORDER BY status', {
    type: QueryTypes.SELECT,
  });
  expect(maintained.map((r) => [r.status, Number(r.n)])).toEqual(scratch.map((r) => [r.status, Number(r.n)]));
  expect((await list({}, undefined, [0, 0])).total).toBe(await Payment.count());
  for (const status of ['succeeded', 'failed', 'refunded', 'partially_refunded']) {
    expect((await list({ status }, undefined, [0, 0])).total).toBe(await Payment.count({ where: { status } }));
  }
}

/** A Gold Monthly subscriber on a test clock whose renewal fails on a 0341 card. */
async function failingRenewal(email: string): Promise<void> {
  const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
  const customer = await recur.stripe.customers.create({ email, name: 'Renewal', test_clock: clock.id });
  await signUp(recur, 'Gold Monthly', email);
  await settle(recur);
  const local = await Customer.findOne({ where: { stripeCustomerId: customer.id } });
  const subscription = (await Subscription.findOne({ where: { customerId: local!.id } }))!;
  const pm = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: pm.id });
  await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
  await settle(recur);
}

describe('GET /api/payments on payments written by the webhook path', () => {
  let silver: Row;
  let gold: Row;

  it('carries the customer’s e-mail on every row, and keeps the counts exact as payments arrive', async () => {
    await expectCountsExact();
    await signUp(recur, 'Silver Monthly', 'silver@example.com');
    await signUp(recur, 'Gold Monthly', 'gold@example.com');
    await settle(recur);
    await expectCountsExact();
    const { rows, total } = await list({});
    expect(total).toBe(2);
    expect(rows.map((r) => r.customerEmail).sort()).toEqual(['gold@example.com', 'silver@example.com']);
    silver = rows.find((r) => r.customerEmail === 'silver@example.com')!;
    gold = rows.find((r) => r.customerEmail === 'gold@example.com')!;
    expect(silver.amount).toBeLessThan(gold.amount);
  });

  it('answers rows in the model’s own JSON shape, plus customerEmail, in the list and one by one', async () => {
    const model: unknown = JSON.parse(JSON.stringify((await Payment.findByPk(silver.id))!.toJSON()));
    const res = await recur.app.request(`/api/payments/${silver.id}`, { headers: { cookie } });
    const one = (await res.json()) as Record<string, unknown>;
    expect(one).toEqual({ ...(model as object), customerEmail: 'silver@example.com' });
    expect((await list({ id: [silver.id] })).rows).toEqual([one]);
    expect(one.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await recur.app.request('/api/payments/999999', { headers: { cookie } })).status).toBe(404);
    expect((await recur.app.request('/api/payments/abc', { headers: { cookie } })).status).toBe(400);
  });

  it('keeps the counts exact through failed renewals and refunds, status changes included', async () => {
    await failingRenewal('renewal@example.com');
    await expectCountsExact();
    expect((await list({ status: 'failed' })).rows.map((r) => r.customerEmail)).toEqual(['renewal@example.com']);

    const full = await recur.app.request(`/api/payments/${silver.id}/refund`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"full":true}',
    });
    expect(full.status).toBe(200);
    const part = await recur.app.request(`/api/payments/${gold.id}/refund`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"amount":100}',
    });
    expect(part.status).toBe(200);
    await settle(recur);
    await eventually(async () => (await Payment.findByPk(gold.id))?.status === 'partially_refunded');
    await expectCountsExact();
    expect((await list({ status: 'refunded' })).rows.map((r) => r.id)).toEqual([silver.id]);
    expect((await list({ status: ['refunded', 'partially_refunded'] }, ['id', 'ASC'])).rows.map((r) => r.id)).toEqual(
      [silver.id, gold.id].sort((a, b) => a - b),
    );
  });

  it('shows a customer’s new e-mail as soon as Stripe reports the change', async () => {
    const customer = (await Customer.findByPk(gold.customerId))!;
    await recur.stripe.customers.update(customer.stripeCustomerId!, { email: 'gold.new@example.com' });
    await settle(recur);
    await eventually(async () => (await list({ customerId: gold.customerId })).rows[0]?.customerEmail === 'gold.new@example.com');
  });

  it('filters by reference, amount range and attempt date range', async () => {
    const all = (await list({})).rows;
    const failed = all.find((r) => r.status === 'failed')!;
    expect((await list({ customerId: failed.customerId })).rows.every((r) => r.customerId === failed.customerId)).toBe(true);
    expect((await list({ subscriptionId: failed.subscriptionId })).rows.map((r) => r.subscriptionId)).toContain(failed.subscriptionId);
    expect((await list({ invoiceId: failed.invoiceId })).rows.map((r) => r.id)).toEqual([failed.id]);

    // By plan: through each payment's subscription, with the exact total.
    const subscriptions = await Subscription.findAll();
    const planOf = new Map(subscriptions.map((s) => [s.id, s.planId]));
    const planId = planOf.get(failed.subscriptionId!)!;
    const onPlan = await list({ planId });
    expect(onPlan.rows.length).toBeGreaterThan(0);
    expect(onPlan.rows.every((r) => planOf.get(r.subscriptionId!) === planId)).toBe(true);
    expect(onPlan.total).toBe(all.filter((r) => planOf.get(r.subscriptionId!) === planId).length);
    expect((await list({ planId: 999_999 })).total).toBe(0);

    const cheap = await list({ amount_lte: silver.amount });
    expect(cheap.rows.map((r) => r.id)).toEqual([silver.id]);
    expect(cheap.total).toBe(1);
    const dear = await list({ amount_gte: silver.amount + 1 });
    expect(dear.total).toBe(all.filter((r) => r.amount > silver.amount).length);
    expect((await list({ amount_gte: silver.amount, amount_lte: silver.amount })).total).toBe(1);

    // The failed renewal happened on the test clock, a month ahead; the signups happened today.
    const renewalDay = new Date(failed.attemptedAt).toISOString().slice(0, 10);
    expect((await list({ attemptedAt_gte: renewalDay })).rows.map((r) => r.id)).toEqual([failed.id]);
    expect((await list({ attemptedAt_lte: renewalDay })).total).toBe(all.length); // a bare day includes that whole day
    expect((await list({ attemptedAt_lte: failed.attemptedAt })).total).toBe(all.length);
    const before = (await list({ attemptedAt_lte: new Date(Date.parse(failed.attemptedAt) - 1).toISOString() })).rows;
    expect(before.map((r) => r.id)).not.toContain(failed.id);
    expect(before).toHaveLength(all.length - 1);
    expect((await list({ attemptedAt_gte: renewalDay, status: 'succeeded' })).total).toBe(0);
  });

  it('sorts by every whitelisted field, ties broken by id, and pages with the exact total', async () => {
    const byAmount = (await list({}, ['amount', 'ASC'])).rows.map((r) => r.amount);
    expect(byAmount).toEqual([...byAmount].sort((a, b) => a - b));
    const byAttempt = (await list({}, ['attemptedAt', 'DESC'])).rows.map((r) => r.attemptedAt);
    expect(byAttempt).toEqual([...byAttempt].sort().reverse());
    expect((await list({}, ['status', 'ASC'])).rows.map((r) => r.status)).toEqual((await list({}, ['status', 'ASC'])).rows.map((r) => r.status).sort());
    const count = await Payment.count();
    const second = await get({ sort: ['createdAt', 'DESC'], range: [1, 1] });
    expect(second.headers.get('content-range')).toBe(`payments 1-1/${count}`);
    const past = await get({ range: [500, 524] });
    expect(past.headers.get('content-range')).toBe(`payments 500-500/${count}`);
    expect(await past.json()).toEqual([]);
  });
  it('gives the same rows whichever way SQLite is told to find them (filter index, or the sort’s index walked)', async () => {
    const cases: [object, [string, string]][] = [
      [{ amount_gte: 1 }, ['createdAt', 'DESC']],
      [{ status: ['succeeded', 'failed', 'refunded', 'partially_refunded'] }, ['amount', 'DESC']],
      [{ status: ['succeeded', 'failed', 'refunded', 'partially_refunded'], amount_lte: 1_000_000 }, ['attemptedAt', 'ASC']],
    ];
    for (const [filter, sort] of cases) {
      const whole = await list(filter, sort);
      expect(whole.total).toBeGreaterThan(2);
      const oneByOne: number[] = [];
      for (let i = 0; i < whole.rows.length; i++) {
        const page = await list(filter, sort, [i, i]);
        expect(page.total).toBe(whole.total);
        oneByOne.push(...page.rows.map((r) => r.id));
      }
      expect(oneByOne).toEqual(whole.rows.map((r) => r.id));
    }
  });
});

describe('the maintained counts, whatever writes the rows', () => {
  it('follow inserts, status updates and deletes made outside the webhook path', async () => {
    const template = (await Payment.findOne({ order: [['id', 'ASC']] }))!.get({ plain: true });
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = template;
    const made = await recur.db.write((transaction) =>
      Payment.bulkCreate(
        Array.from({ length: 5 }, (_, i) => ({
          ...fields,
          stripeInvoiceId: `in_direct_${i}`,
          stripeChargeId: `ch_direct_${i}`,
          status: i % 2 ? ('failed' as const) : ('succeeded' as const),
        })),
        { transaction },
      ),
    );
    await expectCountsExact();
    await recur.db.write((transaction) => Payment.update({ status: 'refunded' }, { where: { id: made.map((p) => p.id) }, transaction }));
    await expectCountsExact();
    await recur.db.write((transaction) => Payment.destroy({ where: { id: made.map((p) => p.id) }, transaction }));
    await expectCountsExact();
  });
});

describe('bad list requests', () => {
  it.each([
    ['a date that is not one', { attemptedAt_gte: 'yesterday' }, 'Invalid filter attemptedAt_gte'],
    ['an impossible date', { attemptedAt_lte: '2025-02-31T00:00:00Z' }, 'Invalid filter attemptedAt_lte'],
    ['a negative amount', { amount_gte: -5 }, 'Invalid filter amount_gte'],
    ['a fractional amount', { amount_lte: 12.5 }, 'Invalid filter amount_lte'],
    ['a reversed amount range', { amount_gte: 500, amount_lte: 100 }, 'Invalid filter amount_lte'],
    ['a reversed date range', { attemptedAt_gte: '2025-03-02', attemptedAt_lte: '2025-03-01' }, 'Invalid filter attemptedAt_lte'],
    ['several values for a bound', { amount_gte: [1, 2] }, 'Invalid filter amount_gte'],
    ['an unknown status', { status: 'lost' }, 'Invalid filter status'],
    ['an unknown filter', { customerEmail: 'x@example.com' }, 'Unknown filter customerEmail'],
    ['a full-text search it does not offer', { q: 'x' }, 'Unknown filter q'],
  ])('refuses %s with 400', async (_what, filter, message) => {
    const res = await get({ filter });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(message);
  });

  it('refuses a sort it does not whitelist and a reversed page range', async () => {
    expect((await get({ sort: ['customerEmail', 'ASC'] })).status).toBe(400);
    expect((await get({ range: [10, 2] })).status).toBe(400);
  });
});
