// Issue 17: the customers, subscriptions, webhook events, notifications and audit-log lists
// served in raw SQL (server/db/list.ts sqlListPage) must answer exactly what the plain query
// does: for every sort in both directions, every combination of filters, a deep page and the
// last page, the same ids in the same order and the same Content-Range as ORDER BY field, id
// LIMIT/OFFSET and COUNT(*) computed here; and each row's JSON exactly as findAll gives it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes, type Model, type ModelStatic } from 'sequelize';
import { AuditLog, Customer, Notification, StripeEvent, Subscription } from '../../server/db/models';
import { sqliteDate } from '../../server/db/sqliteRaw';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { anchorCache, anchorSizes } from '../../server/db/listAnchors';
import { scanIsCheaper } from '../../server/db/scanOrSort';

let recur: TestRecur;
let cookie: string;
let sqlite: boolean;

const PEOPLE = 400;
const ROWS = 2500;
const T0 = Date.UTC(2025, 0, 1);

const lit = (v: string | number | boolean | null | Date): string => {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return `'${sqlite ? sqliteDate(v) : v.toISOString()}'`;
  return `'${v.replace(/'/g, "''")}'`;
};
// Ties on purpose: many rows share a sort value, so the id tie-break decides.
const at = (i: number, spread: number) => new Date(T0 + (i % spread) * 60_000);
const pick = <T>(values: readonly T[], i: number, salt = 1): T => values[(i * salt + (i >> 3)) % values.length]!;

async function insert(table: string, columns: string[], rows: (string | number | boolean | null | Date)[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    const values = rows
      .slice(i, i + 400)
      .map((row) => `(${row.map(lit).join(', ')})`)
      .join(', ');
    await recur.db.sequelize.query(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`);
  }
}

const SUB_STATUSES = ['active', 'past_due', 'canceled', 'trialing', 'unpaid'];
const EVENT_TYPES = ['invoice.paid', 'invoice.payment_failed', 'customer.updated', 'customer.subscription.updated', 'charge.succeeded'];
const EVENT_STATUSES = ['processed', 'failed', 'ignored']; // not pending: the inbox would apply them during the test
const NOTE_STATUSES = ['sent', 'stored', 'failed', 'skipped']; // not queued: the sender would send them
const TEMPLATES = ['payment_failed', 'payment_receipt', 'trial_ending', 'admin_alert'];
const ACTORS = ['owner@recur.local', 'admin@example.com', 'ops@example.com'];
const ACTIONS = ['payment.retry', 'subscription.cancel', 'event.replay', 'customer.charge'];

async function seed(): Promise<number[]> {
  const [plans] = await recur.db.sequelize.query('SELECT id FROM plans ORDER BY id');
  const planIds = (plans as { id: number }[]).map((p) => p.id).slice(0, 4);
  const customers = Array.from({ length: PEOPLE }, (_, k) => {
    const i = k + 1;
    return [
      `c${String(i % 97).padStart(3, '0')}@example.com`,
      i % 7 === 0 ? null : i % 11 === 0 ? `Zoë "${i % 50}"` : `Name ${i % 50}`,
      `cus_t_${i}`,
      'usd',
      (i % 9) * 100,
      (i % 9) * 1200,
      0,
      0,
      0,
      i % 5 === 0 ? `ext_${i}` : null,
      i % 23 === 0 ? at(i, 30) : null,
      at(i, 90),
      at(i, 90),
    ];
  });
  await insert(
    'customers',
    [
      'email',
      'name',
      'stripe_customer_id',
      'currency',
      'monthly_total',
      'yearly_total',
      'collected_30d',
      'collected_365d',
      'last_event_at',
      'external_id',
      'deleted_at',
      'created_at',
      'updated_at',
    ],
    customers,
  );
  const [ids] = await recur.db.sequelize.query('SELECT id FROM customers ORDER BY id');
  const customerIds = (ids as { id: number }[]).map((c) => c.id);

  await insert(
    'subscriptions',
    [
      'customer_id',
      'plan_id',
      'stripe_subscription_id',
      'status',
      'quantity',
      'unit_amount',
      'currency',
      'interval',
      'interval_count',
      'current_period_end',
      'cancel_at_period_end',
      'cancellation_feedback',
      'cancellation_comment',
      'pause_behavior',
      'items',
      'pending_change',
      'last_event_at',
      'created_at',
      'updated_at',
    ],
    Array.from({ length: ROWS }, (_, i) => [
      pick(customerIds, i, 7),
      i % 11 === 0 ? null : pick(planIds, i, 3),
      `sub_t_${i}`,
      pick(SUB_STATUSES, i, 5),
      1,
      1900,
      'usd',
      'month',
      1,
      i % 13 === 0 ? null : at(i, 40),
      i % 4 === 0,
      i % 3 === 0 ? pick(['too_expensive', 'unused', 'other'], i) : null,
      // Text JSON must escape (quotes, a backslash, control characters, non-ASCII), and an empty
      // feedback beside a comment: SQLite writes these rows' JSON itself (db/listRows.ts).
      i % 6 === 0 ? (i % 12 === 0 ? 'words' : 'say "no"\\ \n\t\u0001 — café 🎉') : i % 17 === 0 ? '' : null,
      i % 5 === 0 ? pick(['void', 'keep_as_draft'], i) : null,
      i % 7 === 0 ? JSON.stringify([{ stripeItemId: `si_${i}`, planId: null, quantity: 3, unitAmount: 2.5e3, label: 'Seat “β”' }]) : '[]',
      i % 8 === 0 ? JSON.stringify({ items: [{ planId: 2, stripePriceId: `price_${i}`, quantity: 1 }], effectiveAt: 1_767_225_600 }) : null,
      i % 19 === 0 ? 2 ** 40 + i : 0,
      at(i, 120),
      at(i, 120),
    ]),
  );

  await insert(
    'stripe_events',
    ['id', 'type', 'object_type', 'object_id', 'status', 'attempts', 'error', 'payload', 'stripe_created', 'received_at', 'processed_at'],
    Array.from({ length: ROWS }, (_, i) => {
      const type = pick(EVENT_TYPES, i, 3);
      const objectType = type.startsWith('invoice')
        ? 'invoice'
        : type.startsWith('charge')
          ? 'charge'
          : type === 'customer.updated'
            ? 'customer'
            : i % 9 === 0
              ? null
              : 'subscription';
      // Ids out of step with time, as Stripe's are: the tie-break is by text.
      const id = `evt_${((i * 7919) % 100_003).toString(36).padStart(5, '0')}_${i}`;
      const objectId = objectType === 'customer' ? `cus_t_${(i % 30) + 1}` : objectType === 'subscription' ? `sub_t_${i % 50}` : `obj_${i % 200}`;
      return [id, type, objectType, objectId, pick(EVENT_STATUSES, i, 7), 1, null, '{}', 1_700_000_000 + (i % 300), at(i, 150), null];
    }),
  );

  await insert(
    'notifications',
    ['template', 'to_address', 'customer_id', 'subject', 'data', 'status', 'attempts', 'sent_at', 'created_at', 'updated_at'],
    Array.from({ length: ROWS }, (_, i) => [
      pick(TEMPLATES, i, 3),
      `to${i % 60}@example.com`,
      i % 4 === 0 ? null : pick(customerIds, i, 11),
      `Subject ${i}`,
      '{}',
      pick(NOTE_STATUSES, i, 5),
      1,
      i % 3 === 0 ? null : at(i, 70),
      at(i, 110),
      at(i, 110),
    ]),
  );

  await insert(
    'audit_logs',
    ['admin_user_id', 'actor', 'action', 'entity_type', 'entity_id', 'details', 'created_at'],
    Array.from({ length: ROWS }, (_, i) => [
      null,
      pick(ACTORS, i, 5),
      pick(ACTIONS, i, 3),
      i % 10 === 0 ? null : pick(['payment', 'subscription', 'event'], i, 7),
      String(i % 80),
      i % 2 ? '{"a":1}' : null,
      at(i, 130),
    ]),
  );
  return customerIds;
}

beforeAll(async () => {
  recur = await startTestRecur();
  sqlite = recur.db.sequelize.getDialect() === 'sqlite';
  cookie = await signInCookie(recur.app);
  customerIds = await seed();
}, 120_000);
afterAll(() => recur.close());

let customerIds: number[] = [];

interface Shape {
  resource: string;
  table: string;
  model: ModelStatic<Model>;
  /** list row attributes (all of the model's when absent) */
  attributes?: string[];
  sorts: string[];
  defaultSort: string;
  columns: Record<string, string>;
  /** filter key → a value (or values) that matches some rows */
  filters: Record<string, unknown>;
  stringIds?: boolean;
}

const SHAPES: Shape[] = [
  {
    resource: 'customers',
    table: 'customers',
    model: Customer as ModelStatic<Model>,
    sorts: ['email', 'name', 'monthlyTotal', 'yearlyTotal', 'createdAt', 'id'],
    defaultSort: 'createdAt',
    columns: {
      email: 'email',
      name: 'name',
      monthlyTotal: 'monthly_total',
      yearlyTotal: 'yearly_total',
      createdAt: 'created_at',
      externalId: 'external_id',
      id: 'id',
    },
    filters: { email: 'c010@example.com', externalId: 'ext_10' },
  },
  {
    resource: 'subscriptions',
    table: 'subscriptions',
    model: Subscription as ModelStatic<Model>,
    sorts: ['status', 'currentPeriodEnd', 'createdAt', 'id'],
    defaultSort: 'createdAt',
    columns: {
      status: 'status',
      currentPeriodEnd: 'current_period_end',
      createdAt: 'created_at',
      customerId: 'customer_id',
      planId: 'plan_id',
      cancellationFeedback: 'cancellation_feedback',
      pauseBehavior: 'pause_behavior',
      id: 'id',
    },
    filters: { status: 'active', customerId: 'CUSTOMER', planId: 'PLAN', cancellationFeedback: 'unused', pauseBehavior: 'void' },
  },
  {
    resource: 'events',
    table: 'stripe_events',
    model: StripeEvent as ModelStatic<Model>,
    stringIds: true,
    attributes: ['id', 'type', 'objectType', 'objectId', 'status', 'attempts', 'error', 'stripeCreated', 'receivedAt', 'processedAt', 'nextAttemptAt'],
    sorts: ['receivedAt', 'stripeCreated', 'type', 'status', 'id'],
    defaultSort: 'receivedAt',
    columns: {
      receivedAt: 'received_at',
      stripeCreated: 'stripe_created',
      type: 'type',
      status: 'status',
      objectType: 'object_type',
      objectId: 'object_id',
      id: 'id',
    },
    filters: { status: 'processed', type: 'customer.updated', objectType: 'customer', objectId: 'cus_t_3' },
  },
  {
    resource: 'notifications',
    table: 'notifications',
    model: Notification as ModelStatic<Model>,
    attributes: ['id', 'template', 'to', 'customerId', 'subject', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'resentFrom', 'createdAt', 'sentAt'],
    sorts: ['createdAt', 'sentAt', 'status', 'template', 'to', 'id'],
    defaultSort: 'createdAt',
    columns: { createdAt: 'created_at', sentAt: 'sent_at', status: 'status', template: 'template', to: 'to_address', customerId: 'customer_id', id: 'id' },
    filters: { status: 'sent', template: 'payment_failed', customerId: 'CUSTOMER' },
  },
  {
    resource: 'audit-logs',
    table: 'audit_logs',
    model: AuditLog as ModelStatic<Model>,
    attributes: ['id', 'adminUserId', 'actor', 'action', 'entityType', 'entityId', 'details', 'createdAt'],
    sorts: ['createdAt', 'actor', 'action', 'id'],
    defaultSort: 'createdAt',
    columns: { createdAt: 'created_at', actor: 'actor', action: 'action', entityType: 'entity_type', entityId: 'entity_id', id: 'id' },
    filters: { actor: 'admin@example.com', action: 'payment.retry', entityType: 'payment', entityId: '7' },
  },
];

/** Placeholders resolved once the rows exist: a customer and a plan that have many rows. */
async function resolve(value: unknown, shape: Shape): Promise<unknown> {
  if (value === 'CUSTOMER') {
    const column = shape.columns.customerId!;
    const [rows] = await recur.db.sequelize.query(
      `SELECT ${column} AS v FROM ${shape.table} WHERE ${column} IS NOT NULL GROUP BY ${column} ORDER BY COUNT(*) DESC, ${column} LIMIT 1`,
    );
    return Number((rows as { v: number }[])[0]!.v);
  }
  if (value === 'PLAN') {
    const [rows] = await recur.db.sequelize.query(
      'SELECT plan_id AS v FROM subscriptions WHERE plan_id IS NOT NULL GROUP BY plan_id ORDER BY COUNT(*) DESC, plan_id LIMIT 1',
    );
    return Number((rows as { v: number }[])[0]!.v);
  }
  return value;
}

function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((all, item) => all.concat(all.map((s) => [...s, item])), [[]]);
}

interface Expected {
  ids: (string | number)[];
  total: number;
}

async function expected(
  shape: Shape,
  filter: Record<string, unknown>,
  sort: string,
  dir: 'ASC' | 'DESC',
  start: number,
  end: number,
  search?: string,
): Promise<Expected> {
  const where: string[] = [];
  const replacements: Record<string, unknown> = {};
  Object.entries(filter).forEach(([key, value], i) => {
    if (key === 'q') return;
    const values = Array.isArray(value) ? value : [value];
    where.push(values.length ? `${shape.columns[key]} IN (:f${i})` : '1 = 0');
    replacements[`f${i}`] = values;
  });
  if (search !== undefined) {
    replacements.q = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = sqlite ? 'LIKE' : 'ILIKE';
    const columns = {
      customers: ['email', 'name'],
      events: ['type', 'object_id'],
      notifications: ['to_address'],
      'audit-logs': ['actor', 'action', 'entity_type', 'entity_id'],
    }[shape.resource]!;
    where.push(`(${columns.map((c) => `${c} ${like} :q ESCAPE '\\'`).join(' OR ')})`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = sort === 'id' ? `id ${dir}` : `${shape.columns[sort]} ${dir}, id ${dir}`;
  const rows = await recur.db.sequelize.query<{ id: string | number }>(
    `SELECT id FROM ${shape.table} ${w} ORDER BY ${order} LIMIT ${end - start + 1} OFFSET ${start}`,
    { type: QueryTypes.SELECT, replacements },
  );
  const [count] = await recur.db.sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${shape.table} ${w}`, {
    type: QueryTypes.SELECT,
    replacements,
  });
  return { ids: rows.map((r) => (shape.stringIds ? String(r.id) : Number(r.id))), total: Number(count!.n) };
}

const q = (params: Record<string, unknown>) =>
  `?${new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)]))).toString()}`;

async function check(shape: Shape, filter: Record<string, unknown>, sort: string, dir: 'ASC' | 'DESC', range: [number, number], json = false): Promise<number> {
  const res = await recur.app.request(`/api/${shape.resource}${q({ filter, sort: [sort, dir], range })}`, { headers: { cookie } });
  const label = `${shape.resource} ${JSON.stringify(filter)} ${sort} ${dir} ${range.join('-')}`;
  expect(res.status, label).toBe(200);
  const text = await res.text();
  const body = JSON.parse(text) as { id: string | number }[];
  const want = await expected(shape, filter, sort, dir, range[0], range[1], typeof filter.q === 'string' ? filter.q : undefined);
  expect(
    body.map((r) => r.id),
    label,
  ).toEqual(want.ids);
  const end = body.length ? range[0] + body.length - 1 : range[0];
  expect(res.headers.get('content-range'), label).toBe(`${shape.resource} ${range[0]}-${end}/${want.total}`);
  if (json && body.length) {
    // The rows as the model's findAll gives them, byte for byte as sent (on SQLite, SQLite writes
    // them): the contract stays exact, key order and escapes included.
    const found = await shape.model.findAll({ where: { id: want.ids }, attributes: shape.attributes });
    const byId = new Map(found.map((row) => [row.get('id') as string | number, row]));
    expect(text, label).toBe(JSON.stringify(want.ids.map((id) => byId.get(id))));
  }
  return want.total;
}

describe.each(SHAPES)('the $resource list', (shape) => {
  it('answers every sort, both ways, first, deep and last pages, as the plain query does', async () => {
    for (const sort of shape.sorts) {
      for (const dir of ['ASC', 'DESC'] as const) {
        const total = await check(shape, {}, sort, dir, [0, 24], true);
        await check(shape, {}, sort, dir, [Math.floor(total * 0.6), Math.floor(total * 0.6) + 24], true);
        await check(shape, {}, sort, dir, [Math.floor(total * 0.45), Math.floor(total * 0.45) + 99]);
        await check(shape, {}, sort, dir, [total - 10, total + 14], true);
        await check(shape, {}, sort, dir, [total + 5, total + 29]);
      }
    }
  });

  it('answers every combination of its filters, with every sort, as the plain query does', async () => {
    const entries = await Promise.all(Object.entries(shape.filters).map(async ([k, v]) => [k, await resolve(v, shape)] as const));
    for (const combination of subsets(entries)) {
      const filter = Object.fromEntries(combination);
      for (const sort of shape.sorts) {
        for (const dir of ['ASC', 'DESC'] as const) await check(shape, filter, sort, dir, [0, 24]);
      }
      for (const dir of ['ASC', 'DESC'] as const) {
        const total = await check(shape, filter, shape.defaultSort, dir, [0, 9], combination.length === 1);
        if (total > 10) {
          await check(shape, filter, shape.defaultSort, dir, [Math.floor(total / 2), Math.floor(total / 2) + 9]);
          await check(shape, filter, shape.defaultSort, dir, [total - 3, total + 6], true);
        }
      }
    }
  });

  it('answers several values of one filter, ids (getMany) and the text search as the plain query does', async () => {
    const dim = Object.keys(shape.filters)[0]!;
    const many: Record<string, unknown> = {
      customers: { email: ['c010@example.com', 'c011@example.com'] },
      subscriptions: { status: ['active', 'canceled'] },
      events: { status: ['failed', 'ignored'], type: ['invoice.paid', 'charge.succeeded'] },
      notifications: { status: ['sent', 'failed'], template: ['trial_ending', 'admin_alert'] },
      'audit-logs': { actor: ACTORS.slice(0, 2), action: ['event.replay'] },
    }[shape.resource]!;
    for (const filter of [many as Record<string, unknown>, { [dim]: [] }]) {
      for (const sort of shape.sorts) await check(shape, filter, sort, 'DESC', [0, 24]);
      const total = await check(shape, filter, shape.defaultSort, 'ASC', [0, 4]);
      if (total) await check(shape, filter, shape.defaultSort, 'ASC', [Math.max(0, total - 7), total + 2]);
    }
    const some = await expected(shape, {}, 'id', 'ASC', 10, 14);
    await check(shape, { id: some.ids }, shape.defaultSort, 'DESC', [0, 24], true);
    const searches = {
      customers: ['NAME 1', 'c01', '%', '_'],
      events: ['INVOICE', 'cus_t_1', '_pay'],
      notifications: ['TO1', '%'],
      'audit-logs': ['retry', 'ops@', '7'],
    }[shape.resource];
    for (const text of searches ?? []) {
      for (const sort of shape.sorts) await check(shape, { q: text }, sort, 'ASC', [0, 24]);
      const total = await check(shape, { q: text }, shape.defaultSort, 'DESC', [0, 4]);
      if (total > 5) await check(shape, { q: text }, shape.defaultSort, 'DESC', [total - 3, total + 6]);
    }
  });
});

describe('the counts the totals come from', () => {
  it('follow inserts, updates and deletes', async () => {
    const sequelize = recur.db.sequelize;
    await sequelize.query(`UPDATE stripe_events SET status = 'ignored' WHERE type = 'charge.succeeded' AND status = 'processed'`);
    await sequelize.query(`UPDATE subscriptions SET status = 'canceled', plan_id = NULL WHERE id % 7 = 0`);
    await sequelize.query(`DELETE FROM notifications WHERE id % 5 = 0`);
    await sequelize.query(`UPDATE audit_logs SET actor = 'new@example.com' WHERE id % 3 = 0`);
    for (const shape of SHAPES) {
      const entries = await Promise.all(Object.entries(shape.filters).map(async ([k, v]) => [k, await resolve(v, shape)] as const));
      for (const filter of [{}, ...entries.map(([k, v]) => ({ [k]: v }))]) await check(shape, filter, shape.defaultSort, 'DESC', [0, 4]);
    }
    await check(SHAPES[4]!, { actor: 'new@example.com' }, 'createdAt', 'ASC', [0, 24]);
    expect(customerIds.length).toBe(PEOPLE);
  });
});

/**
 * Deep pages, of every filter combination, are read from anchors walked in the background
 * (server/db/listAnchors.ts). Their sizes are lowered here so that both kinds (every key kept, and
 * every step-th key with a keyset walk from it) serve these few thousand rows: each page must
 * still be the plain query's, and after a write the stale anchors must not answer.
 */
describe.each([
  { kind: 'every key kept', sizes: { allKeysMax: 100_000, anchors: 4096, directOffset: 5 } },
  { kind: 'every 7th key or so', sizes: { allKeysMax: 0, anchors: 97, directOffset: 5 } },
])('pages read from anchors ($kind)', ({ sizes }) => {
  const saved = { ...anchorSizes };
  beforeAll(() => Object.assign(anchorSizes, sizes));
  afterAll(() => Object.assign(anchorSizes, saved));

  const pages = (total: number): [number, number][] =>
    [0, 7, Math.floor(total / 3), Math.floor(total / 2) + 1, total - 12, total + 3].map((start) => [Math.max(0, start), Math.max(0, start) + 24]);

  it.each(SHAPES)(
    'answer every sort and filter of the $resource list as the plain query does, and stop when a row changes',
    async (shape) => {
      const cache = anchorCache(recur.db.sequelize, shape.table);
      const entries = await Promise.all(Object.entries(shape.filters).map(async ([k, v]) => [k, await resolve(v, shape)] as const));
      const dims = entries.filter(([k]) => !['customerId', 'objectId', 'entityId', 'email', 'externalId'].includes(k));
      const filters = [{}, ...entries.map(([k, v]) => ({ [k]: v })), Object.fromEntries(dims.slice(0, 2))];
      const searches = { customers: 'NAME 1', events: 'INVOICE', notifications: 'TO1', 'audit-logs': 'ops@' }[shape.resource];
      if (searches) filters.push({ q: searches }, { q: 'matches nothing' }); // a search is walked at once, even when nothing matches
      const before = { ...cache.stats };
      for (const filter of filters) {
        for (const sort of shape.sorts) {
          for (const dir of ['ASC', 'DESC'] as const) {
            const total = await check(shape, filter, sort, dir, [10, 34]); // deep enough to walk
            await cache.settled();
            for (const range of pages(total)) await check(shape, filter, sort, dir, range);
          }
        }
      }
      // Anchors were walked and answered pages (sorts over columns that may hold NULL are not anchored).
      expect(cache.stats.walks).toBeGreaterThan(before.walks);
      expect(cache.stats.pages).toBeGreaterThan(before.pages);

      // A row moves: the anchors are stale, the pages still the plain query's.
      const stale = cache.stats.stale;
      await recur.db.sequelize.query(`DELETE FROM ${shape.table} WHERE id IN (SELECT id FROM ${shape.table} ORDER BY id LIMIT 3)`);
      for (const filter of filters.slice(0, 2)) {
        const total = await check(shape, filter, shape.defaultSort, 'DESC', [10, 34]);
        for (const range of pages(total)) await check(shape, filter, shape.defaultSort, 'DESC', range);
      }
      expect(cache.stats.stale).toBeGreaterThan(stale);
    },
    120_000,
  );

  // A first page of two filters no index orders together: with few matches the plain query walks
  // thousands of rows a page, so its anchors are walked once (through the filters) and answer the
  // next request; with many, the walk would read the whole list, and the plain query reads the page.
  it.each(SHAPES)('read the first page of a combination with few matches from anchors, only then ($resource)', async (shape) => {
    if (recur.db.dialect !== 'sqlite') return; // PostgreSQL's planner chooses for itself
    const cache = anchorCache(recur.db.sequelize, shape.table);
    const entries = await Promise.all(Object.entries(shape.filters).map(async ([k, v]) => [k, await resolve(v, shape)] as const));
    const dims = entries.filter(([k]) => !['customerId', 'objectId', 'entityId', 'email', 'externalId'].includes(k));
    if (dims.length < 2) return;
    const filter = Object.fromEntries(dims.slice(0, 2));
    const all = await check(shape, {}, shape.defaultSort, 'DESC', [0, 0]);
    const walks = cache.stats.walks;
    const total = await check(shape, filter, shape.defaultSort, 'DESC', [0, 24]);
    await cache.settled();
    const few = total > 0 && !scanIsCheaper(total, all, total, 0);
    // (with few, anchors an earlier test walked may still answer: no new walk is needed then)
    if (!few) expect(cache.stats.walks).toBe(walks);
    const pages = cache.stats.pages;
    expect(await check(shape, filter, shape.defaultSort, 'DESC', [0, 24])).toBe(total);
    expect(cache.stats.pages - pages).toBe(few ? 1 : 0);
  });
});
