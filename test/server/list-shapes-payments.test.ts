// Issue 17: every shape of the payments and invoices lists (each sort both ways, filters alone and
// combined, first, deep, last and past-the-end pages) gives the rows, order and Content-Range of
// the plain query (ORDER BY field, id LIMIT/OFFSET and COUNT(*)), computed here from the tables;
// also after writes that move rows in, out and within the cached lists. Real SQLite, and
// PostgreSQL when TEST_DATABASE_URL is set. Correctness only: bench/list.ts measures speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { Invoice } from '../../server/db/models';
import { idListCache } from '../../server/billing/paymentsPages';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let cookie: string;
let sqlite: boolean;
let plans: number[];

const CUSTOMERS = 120;
const PAYMENTS = 3_000;
const INVOICES = 2_000;
const BASE = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const PAYMENT_STATUSES = ['succeeded', 'failed', 'requires_action', 'refunded', 'partially_refunded'];
const INVOICE_STATUSES = ['paid', 'open', 'void', 'draft', 'uncollectible'];

/** A timestamp literal compared as each dialect stores it (Sequelize's text on SQLite). */
function at(ms: number): string {
  const iso = new Date(ms).toISOString();
  return sqlite ? `'${iso.slice(0, 10)} ${iso.slice(11, 23)} +00:00'` : `'${iso}'`;
}

async function exec(sql: string): Promise<void> {
  await recur.db.sequelize.query(sql);
}

async function select<T extends object>(sql: string): Promise<T[]> {
  return recur.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
}

async function insertChunked(table: string, columns: string, values: string[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) await exec(`INSERT INTO ${table} (${columns}) VALUES ${values.slice(i, i + 500).join(', ')}`);
}

/** Ties on purpose: created_at shared by three rows, four amounts, attempted_at not in id order. */
async function seed(): Promise<void> {
  const customers = [];
  const subscriptions = [];
  for (let i = 1; i <= CUSTOMERS; i++) {
    const stamp = at(BASE + i * 1000);
    customers.push(`(${i}, 'c${i}@example.com', 'Customer ${i}', 'cus_t_${i}', 'usd', 0, 0, 0, 0, 0, ${stamp}, ${stamp})`);
    subscriptions.push(
      `(${i}, ${i}, ${plans[i % plans.length]}, 'sub_t_${i}', 'active', 1, 1900, '[]', 1900, 'usd', 'month', 1, false, 0, ${stamp}, ${stamp})`,
    );
  }
  await insertChunked(
    'customers',
    'id, email, name, stripe_customer_id, currency, monthly_total, yearly_total, collected_30d, collected_365d, last_event_at, created_at, updated_at',
    customers,
  );
  await insertChunked(
    'subscriptions',
    'id, customer_id, plan_id, stripe_subscription_id, status, quantity, unit_amount, items, recurring_amount, currency, interval, interval_count, cancel_at_period_end, last_event_at, created_at, updated_at',
    subscriptions,
  );
  const invoices = [];
  for (let i = 1; i <= INVOICES; i++) {
    const created = at(BASE + (i - (i % 3)) * HOUR);
    const customer = 1 + ((i * 7) % CUSTOMERS);
    const periodEnd = i % 11 === 0 ? 'NULL' : at(BASE + ((i * 37) % 500) * HOUR);
    invoices.push(
      `(${i}, ${customer}, ${i % 13 === 0 ? 'NULL' : customer}, 'in_t_${i}', ${i % 17 === 0 ? 'NULL' : `'T-${String(i).padStart(5, '0')}'`}, '${INVOICE_STATUSES[(i * 7) % 5]}', 'usd', ` +
        `${[900, 1900, 4900, 9900][i % 4]}, 0, 0, 1, NULL, 'subscription_cycle', ${at(BASE)}, ${periodEnd}, 0, ${created}, ${created})`,
    );
  }
  await insertChunked(
    'invoices',
    'id, customer_id, subscription_id, stripe_invoice_id, number, status, currency, amount_due, amount_paid, amount_remaining, attempt_count, next_payment_attempt, billing_reason, period_start, period_end, last_event_at, created_at, updated_at',
    invoices,
  );
  const payments = [];
  for (let i = 1; i <= PAYMENTS; i++) {
    const created = BASE + (i - (i % 3)) * HOUR;
    const attempted = BASE + ((i * 7919) % PAYMENTS) * HOUR;
    const customer = 1 + ((i * 13) % CUSTOMERS);
    const status = PAYMENT_STATUSES[(i * 31) % 5]!;
    payments.push(
      `(${i}, ${customer}, ${i % 19 === 0 ? 'NULL' : customer}, ${1 + (i % INVOICES)}, 'in_tp_${i}', 'pi_t_${i}', 'ch_t_${i}', ${[900, 1900, 4900, 9900][i % 4]}, 'usd', ` +
        `'${status}', NULL, NULL, 1, NULL, 'subscription_cycle', 0, ${at(attempted)}, ${at(created)}, ${at(created)})`,
    );
  }
  await insertChunked(
    'payments',
    'id, customer_id, subscription_id, invoice_id, stripe_invoice_id, stripe_payment_intent_id, stripe_charge_id, amount, currency, status, failure_code, failure_message, attempt_count, next_retry_at, billing_reason, refunded_amount, attempted_at, created_at, updated_at',
    payments,
  );
}

beforeAll(async () => {
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
  sqlite = recur.db.sequelize.getDialect() === 'sqlite';
  plans = (await select<{ id: number }>('SELECT id FROM plans ORDER BY id')).map((row) => Number(row.id)).slice(0, 4);
  expect(plans.length).toBeGreaterThan(1);
  await seed();
}, 120_000);
afterAll(() => recur.close());

type Direction = 'ASC' | 'DESC';
interface Answer {
  ids: number[];
  rows: Record<string, unknown>[];
  range: string;
}

async function api(resource: string, filter: object, sort: [string, Direction], range: [number, number]): Promise<Answer> {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), sort: JSON.stringify(sort), range: JSON.stringify(range) });
  const res = await recur.app.request(`/api/${resource}?${query}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const rows = (await res.json()) as Record<string, unknown>[];
  return { ids: rows.map((row) => Number(row.id)), rows, range: res.headers.get('content-range')! };
}

/** The plain query's page and Content-Range, straight from the table. */
async function plain(
  resource: string,
  table: string,
  where: string[],
  order: string[],
  direction: Direction,
  [start, end]: [number, number],
): Promise<{ ids: number[]; range: string }> {
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const by = [...order, 'id'].map((column) => `${column} ${direction}`).join(', ');
  const ids = (await select<{ id: number }>(`SELECT id FROM ${table} ${clause} ORDER BY ${by} LIMIT ${end - start + 1} OFFSET ${start}`)).map((r) =>
    Number(r.id),
  );
  const [counted] = await select<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table} ${clause}`);
  return { ids, range: `${resource} ${start}-${ids.length ? start + ids.length - 1 : start}/${Number(counted!.n)}` };
}

interface Case {
  name: string;
  filter: Record<string, unknown>;
  where: string[];
}

const PAYMENT_SORTS: Record<string, string[]> = {
  createdAt: ['created_at'],
  attemptedAt: ['attempted_at'],
  amount: ['amount'],
  status: ['status', 'created_at'],
  id: [],
};
const INVOICE_SORTS: Record<string, string[]> = { createdAt: ['created_at'], amountDue: ['amount_due'], status: ['status'], periodEnd: ['period_end'], id: [] };

function paymentCases(): Case[] {
  const march = { attemptedAt_gte: '2024-02-01', attemptedAt_lte: '2024-03-15' };
  const marchWhere = [`attempted_at >= ${at(Date.UTC(2024, 1, 1))}`, `attempted_at < ${at(Date.UTC(2024, 2, 16))}`];
  const plan = `subscription_id IN (SELECT id FROM subscriptions WHERE plan_id = ${plans[1]})`;
  return [
    { name: 'none', filter: {}, where: [] },
    { name: 'status', filter: { status: 'failed' }, where: [`status = 'failed'`] },
    { name: 'two statuses', filter: { status: ['failed', 'refunded'] }, where: [`status IN ('failed', 'refunded')`] },
    { name: 'customer', filter: { customerId: 7 }, where: ['customer_id = 7'] },
    { name: 'customer+status', filter: { customerId: 7, status: 'succeeded' }, where: ['customer_id = 7', `status = 'succeeded'`] },
    { name: 'subscription', filter: { subscriptionId: 8 }, where: ['subscription_id = 8'] },
    { name: 'invoice', filter: { invoiceId: [5, 6] }, where: ['invoice_id IN (5, 6)'] },
    { name: 'plan', filter: { planId: plans[1] }, where: [plan] },
    { name: 'plan+status', filter: { planId: plans[1], status: 'failed' }, where: [plan, `status = 'failed'`] },
    { name: 'date range', filter: march, where: marchWhere },
    { name: 'date range+status', filter: { ...march, status: 'refunded' }, where: [...marchWhere, `status = 'refunded'`] },
    { name: 'amount range', filter: { amount_gte: 1000, amount_lte: 5000 }, where: ['amount >= 1000', 'amount <= 5000'] },
    { name: 'amount+status', filter: { amount_gte: 1000, status: 'succeeded' }, where: ['amount >= 1000', `status = 'succeeded'`] },
    {
      name: 'plan+date+amount+status',
      filter: { planId: plans[1], ...march, amount_lte: 5000, status: 'succeeded' },
      where: [plan, ...marchWhere, 'amount <= 5000', `status = 'succeeded'`],
    },
    { name: 'nothing matches', filter: { customerId: 99_999 }, where: ['customer_id = 99999'] },
  ];
}

function invoiceCases(): Case[] {
  const like = sqlite ? 'LIKE' : 'ILIKE';
  return [
    { name: 'none', filter: {}, where: [] },
    { name: 'status', filter: { status: 'open' }, where: [`status = 'open'`] },
    { name: 'two statuses', filter: { status: ['open', 'void'] }, where: [`status IN ('open', 'void')`] },
    { name: 'customer', filter: { customerId: 9 }, where: ['customer_id = 9'] },
    { name: 'customer+status', filter: { customerId: 9, status: 'paid' }, where: ['customer_id = 9', `status = 'paid'`] },
    { name: 'subscription', filter: { subscriptionId: 9 }, where: ['subscription_id = 9'] },
    { name: 'search', filter: { q: 't-001' }, where: [`(number ${like} '%t-001%' OR stripe_invoice_id ${like} '%t-001%')`] },
    {
      name: 'search+status',
      filter: { q: 'in_t_1', status: 'paid' },
      where: [`(number ${like} '%in\\_t\\_1%' OR stripe_invoice_id ${like} '%in\\_t\\_1%')`, `status = 'paid'`],
    },
  ];
}

/** First, second, a deep, the last, one straddling the end and one past it. */
async function ranges(resource: string, filter: object): Promise<[number, number][]> {
  const total = Number((await api(resource, filter, ['id', 'ASC'], [0, 0])).range.split('/')[1]);
  const last = Math.max(0, total - (total % 25 || 25));
  return [
    [0, 24],
    [25, 49],
    [Math.floor(total / 2), Math.floor(total / 2) + 24],
    [last, last + 24],
    [Math.max(0, total - 10), Math.max(0, total - 10) + 24],
    [total + 5, total + 29],
  ];
}

async function expectShapes(resource: 'payments' | 'invoices', cases: Case[], sorts: Record<string, string[]>): Promise<number> {
  let checked = 0;
  for (const { name, filter, where } of cases) {
    for (const range of await ranges(resource, filter)) {
      for (const [field, columns] of Object.entries(sorts)) {
        for (const direction of ['ASC', 'DESC'] as const) {
          const got = await api(resource, filter, [field, direction], range);
          const want = await plain(resource, resource, where, columns, direction, range);
          expect({ shape: `${name} ${field} ${direction} ${range.join('-')}`, ids: got.ids, range: got.range }).toEqual({
            shape: `${name} ${field} ${direction} ${range.join('-')}`,
            ids: want.ids,
            range: want.range,
          });
          checked++;
        }
      }
    }
  }
  return checked;
}

describe('every payments list shape gives the plain query’s page and total', () => {
  it('for each sort, filter combination and page', async () => {
    expect(await expectShapes('payments', paymentCases(), PAYMENT_SORTS)).toBeGreaterThan(800);
  }, 300_000);

  it('a row of a cached page is the row the plain path gives (customerEmail and dates included)', async () => {
    const cached = await api('payments', { planId: plans[1] }, ['amount', 'ASC'], [300, 324]);
    expect(cached.ids).toHaveLength(25);
    const direct = await api('payments', { id: cached.ids }, ['amount', 'ASC'], [0, 24]);
    expect(cached.rows).toEqual(direct.rows);
    expect(cached.rows[0]).toMatchObject({ customerEmail: expect.stringMatching(/@example\.com$/), attemptedAt: expect.stringMatching(/Z$/) });
  });

  it('stays exact after writes move rows in, out and within the lists', async () => {
    const watched = [
      { filter: { planId: plans[1] }, where: [`subscription_id IN (SELECT id FROM subscriptions WHERE plan_id = ${plans[1]})`] },
      { filter: { amount_gte: 1000, amount_lte: 5000 }, where: ['amount >= 1000', 'amount <= 5000'] },
      { filter: {}, where: [] },
      { filter: { status: 'failed' }, where: [`status = 'failed'`] },
    ];
    const check = async () => {
      for (const { filter, where } of watched) {
        for (const range of [
          [0, 24],
          [700, 724],
        ] as [number, number][]) {
          for (const sort of [
            ['amount', 'ASC'],
            ['attemptedAt', 'DESC'],
          ] as [string, Direction][]) {
            const got = await api('payments', filter, sort, range);
            const want = await plain('payments', 'payments', where, PAYMENT_SORTS[sort[0]]!, sort[1], range);
            expect({ ids: got.ids, range: got.range }).toEqual(want);
          }
        }
      }
    };
    await check(); // caches the lists
    const stats = idListCache(recur.db.sequelize, 'payments').stats;
    const before = { ...stats };
    await check();
    // The second time every cached shape is answered from the ids, none read again.
    expect(stats.reads).toBe(before.reads);
    expect(stats.pages).toBeGreaterThan(before.pages);
    await exec(`UPDATE payments SET amount = 1 WHERE id IN (SELECT id FROM payments WHERE amount = 4900 ORDER BY id LIMIT 40)`);
    await check();
    await exec(`UPDATE payments SET status = 'failed' WHERE id BETWEEN 100 AND 160`);
    await check();
    await exec(`UPDATE subscriptions SET plan_id = ${plans[1]} WHERE id IN (1, 2, 3)`);
    await check();
    await exec(`DELETE FROM payments WHERE id BETWEEN 500 AND 530`);
    await check();
    await exec(
      `INSERT INTO payments (id, customer_id, subscription_id, invoice_id, stripe_invoice_id, amount, currency, status, attempt_count, billing_reason, refunded_amount, attempted_at, created_at, updated_at)
       VALUES (9001, 1, 1, 1, 'in_tp_9001', 1900, 'usd', 'failed', 1, 'manual', 0, ${at(BASE + 5 * HOUR)}, ${at(BASE)}, ${at(BASE)})`,
    );
    await check();
    // A column no list filters or sorts on changes nothing in them, and leaves the lists valid.
    const stale = stats.stale;
    await exec(`UPDATE payments SET failure_message = 'changed' WHERE id = 42`);
    await check();
    expect(stats.stale).toBe(stale);
  }, 120_000);
});

describe('every invoices list shape gives the plain query’s page and total', () => {
  it('for each sort, filter combination and page', async () => {
    expect(await expectShapes('invoices', invoiceCases(), INVOICE_SORTS)).toBeGreaterThan(400);
  }, 300_000);

  it('rows are the model’s JSON, as the generic list gave them', async () => {
    const page = await api('invoices', {}, ['periodEnd', 'DESC'], [500, 524]);
    const models = await Invoice.findAll({ where: { id: page.ids } });
    const byId = new Map(models.map((model) => [model.id, JSON.parse(JSON.stringify(model.toJSON()))]));
    expect(page.rows).toEqual(page.ids.map((id) => byId.get(id)));
  });

  it('stays exact after writes', async () => {
    const check = async () => {
      for (const [filter, where] of [
        [{}, []],
        [{ status: 'open' }, [`status = 'open'`]],
      ] as [object, string[]][]) {
        for (const sort of [
          ['createdAt', 'DESC'],
          ['periodEnd', 'ASC'],
        ] as [string, Direction][]) {
          const got = await api('invoices', filter, sort, [300, 324]);
          const want = await plain('invoices', 'invoices', where, INVOICE_SORTS[sort[0]]!, sort[1], [300, 324]);
          expect({ ids: got.ids, range: got.range }).toEqual(want);
        }
      }
    };
    await check();
    await exec(`UPDATE invoices SET status = 'open' WHERE id BETWEEN 10 AND 80`);
    await check();
    await exec(`UPDATE invoices SET period_end = NULL WHERE id BETWEEN 200 AND 260`);
    await check();
    await exec(`DELETE FROM invoices WHERE id BETWEEN 1000 AND 1010`);
    await check();
  });

  it('answers an unknown filter and a bad search with a 400, as before', async () => {
    const bad = async (filter: object) =>
      (await recur.app.request(`/api/invoices?${new URLSearchParams({ filter: JSON.stringify(filter) })}`, { headers: { cookie } })).status;
    expect(await bad({ amountDue: 5 })).toBe(400);
    expect(await bad({ q: 'x'.repeat(201) })).toBe(400);
    expect(await bad({ status: 'nope' })).toBe(400);
  });
});
