// bench/list: every shape the admin's payments and invoices lists offer (issue 17), on 1,000,000
// payments and 800,000 invoices: each sort field both ways, each filter alone and with a status,
// a deep page and the last page; a page of 25 with its Content-Range total, 50 connections for
// BENCH_SECONDS (default 5) each after a 1 s warm-up, against the real server in its own process.
//   npx tsx bench/list.ts [--fresh] [--only=<substring of a shape's name>[,<another>...]]
// `--fresh` re-seeds the database. Target per shape: ≥ 1,500 req/s and p99 ≤ 75 ms.
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { CUSTOMERS, INVOICES, PAYMENTS, seedListDatabase } from './listSeed';
import { startBenchServer } from './server';
import { benchAdminCookie } from './seedCache';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const WARM_UP = 1;
const EMAIL = 'bench@recur.local';
const PASSWORD = 'bench password long enough';
const PER_PAGE = 25;
const TARGET_RPS = 1500;
const TARGET_P99_MS = 75;

export interface ListFigures {
  case: string;
  total: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  met: boolean;
}

type Sort = [string, 'ASC' | 'DESC'];
/** A page number from 1, or the last page (found from the total first). */
type PageOf = number | 'last';

interface Shape {
  name: string;
  resource: 'payments' | 'invoices';
  filter: Record<string, unknown>;
  sort: Sort;
  page: PageOf;
}

// Seed facts (bench/listSeed.ts): customer 4242 has ~20 payments and ~16 invoices; subscription id
// = customer id; plans 1–9 (plan 3 has ~111,000 payments); a payment every minute from 2024-01-01.
const CUSTOMER = 4242;
const PLAN = 3;
const MARCH = { attemptedAt_gte: '2024-03-01', attemptedAt_lte: '2024-03-31' };
const AMOUNTS = { amount_gte: 1000, amount_lte: 5000 };

function paymentShapes(): Shape[] {
  const shapes: Shape[] = [];
  const add = (name: string, filter: Record<string, unknown>, sort: Sort = ['attemptedAt', 'DESC'], page: PageOf = 1) =>
    shapes.push({ name: `payments ${name}`, resource: 'payments', filter, sort, page });
  for (const field of ['attemptedAt', 'createdAt', 'amount', 'status']) {
    for (const direction of ['DESC', 'ASC'] as const) add(`sort ${field} ${direction}`, {}, [field, direction]);
  }
  add('status=failed', { status: 'failed' });
  add('status=refunded sort amount ASC', { status: 'refunded' }, ['amount', 'ASC']);
  add('status=failed sort createdAt ASC', { status: 'failed' }, ['createdAt', 'ASC']);
  add('customer', { customerId: CUSTOMER });
  add('customer+status', { customerId: CUSTOMER, status: 'succeeded' });
  add('subscription', { subscriptionId: CUSTOMER });
  add('invoice', { invoiceId: 12345 });
  add('plan', { planId: PLAN });
  add('plan+status', { planId: PLAN, status: 'failed' });
  add('plan sort amount DESC', { planId: PLAN }, ['amount', 'DESC']);
  add('date range', MARCH);
  add('date range+status', { ...MARCH, status: 'failed' });
  add('date range sort amount ASC', MARCH, ['amount', 'ASC']);
  add('amount range', AMOUNTS);
  add('amount range+status', { ...AMOUNTS, status: 'failed' });
  add('customer+plan+status', { customerId: CUSTOMER, planId: 1 + (CUSTOMER % 9), status: 'succeeded' });
  add('plan+date+amount+status', { planId: PLAN, ...MARCH, ...AMOUNTS, status: 'failed' }); // early first attempts all failed
  add('page 20,000', {}, ['attemptedAt', 'DESC'], 20_000);
  add('page 20,000 sort amount ASC', {}, ['amount', 'ASC'], 20_000);
  add('last page', {}, ['attemptedAt', 'DESC'], 'last');
  add('last page sort status ASC', {}, ['status', 'ASC'], 'last');
  add('status=failed page 5,000', { status: 'failed' }, ['attemptedAt', 'DESC'], 5_000);
  add('status=failed last page', { status: 'failed' }, ['attemptedAt', 'DESC'], 'last');
  add('plan page 2,000', { planId: PLAN }, ['attemptedAt', 'DESC'], 2_000);
  add('plan last page', { planId: PLAN }, ['attemptedAt', 'DESC'], 'last');
  add('date range last page', MARCH, ['attemptedAt', 'DESC'], 'last');
  return shapes;
}

function invoiceShapes(): Shape[] {
  const shapes: Shape[] = [];
  const add = (name: string, filter: Record<string, unknown>, sort: Sort = ['createdAt', 'DESC'], page: PageOf = 1) =>
    shapes.push({ name: `invoices ${name}`, resource: 'invoices', filter, sort, page });
  for (const field of ['createdAt', 'amountDue', 'status', 'periodEnd']) {
    for (const direction of ['DESC', 'ASC'] as const) add(`sort ${field} ${direction}`, {}, [field, direction]);
  }
  add('status=open', { status: 'open' });
  add('status=open sort amountDue DESC', { status: 'open' }, ['amountDue', 'DESC']);
  add('customer', { customerId: CUSTOMER });
  add('customer+status', { customerId: CUSTOMER, status: 'paid' });
  add('subscription', { subscriptionId: CUSTOMER });
  add('search q', { q: 'BENCH-00123' });
  add('search q+status', { q: 'BENCH-00123', status: 'paid' });
  add('page 16,000', {}, ['createdAt', 'DESC'], 16_000);
  add('last page', {}, ['createdAt', 'DESC'], 'last');
  add('status=open last page', { status: 'open' }, ['createdAt', 'DESC'], 'last');
  return shapes;
}

export const SHAPES: Shape[] = [...paymentShapes(), ...invoiceShapes()];

const url = (base: string, shape: Shape, range: [number, number]) =>
  `${base}/api/${shape.resource}?sort=${encodeURIComponent(JSON.stringify(shape.sort))}&range=${encodeURIComponent(JSON.stringify(range))}` +
  `&filter=${encodeURIComponent(JSON.stringify(shape.filter))}`;

async function get(target: string, cookie: string): Promise<{ rows: Record<string, unknown>[]; start: number; end: number; total: number }> {
  const res = await fetch(target, { headers: { cookie } });
  const text = await res.text();
  const range = res.headers.get('content-range') ?? '';
  const match = /^\w[\w-]* (\d+)-(\d+)\/(\d+)$/.exec(range);
  if (res.status !== 200 || !match) throw new Error(`unexpected answer ${res.status} ${range}: ${text.slice(0, 200)}`);
  return { rows: JSON.parse(text), start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
}

/** The page's range, and one request before the load, so a wrong answer is caught rather than measured. */
async function prepare(base: string, shape: Shape, cookie: string): Promise<{ target: string; total: number }> {
  const { total } = await get(url(base, shape, [0, 0]), cookie);
  const page = shape.page === 'last' ? Math.max(1, Math.ceil(total / PER_PAGE)) : shape.page;
  const start = (page - 1) * PER_PAGE;
  const target = url(base, shape, [start, start + PER_PAGE - 1]);
  const answer = await get(target, cookie);
  const expected = Math.max(0, Math.min(PER_PAGE, total - start));
  if (answer.total !== total || answer.rows.length !== expected || (expected && answer.start !== start)) {
    throw new Error(`${shape.name}: ${answer.rows.length} rows ${answer.start}-${answer.end}/${answer.total}, expected ${expected} of ${total} from ${start}`);
  }
  if (shape.resource === 'payments' && !answer.rows.every((r) => String(r.customerEmail).endsWith('@example.com'))) {
    throw new Error(`${shape.name}: rows without their customer's e-mail`);
  }
  if (total === 0) throw new Error(`${shape.name}: nothing matches, the shape measures nothing`);
  return { target, total };
}

async function measure(base: string, shape: Shape, cookie: string): Promise<ListFigures> {
  const { target, total } = await prepare(base, shape, cookie);
  await autocannon({ url: target, connections: CONNECTIONS, duration: WARM_UP, headers: { cookie } });
  const result = await autocannon({ url: target, connections: CONNECTIONS, duration: DURATION, headers: { cookie } });
  const requestsPerSecond = Math.round(result.requests.average);
  return {
    case: shape.name,
    total,
    requestsPerSecond,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    met: requestsPerSecond >= TARGET_RPS && result.latency.p99 <= TARGET_P99_MS && result.non2xx === 0 && result.errors === 0,
  };
}

export async function runListBench(
  options: { fresh?: boolean; only?: string } = {},
): Promise<{ seedSeconds: number; seededNow: boolean; rows: ListFigures[] }> {
  const seeded = await seedListDatabase(options.fresh);
  const server = await startBenchServer({ DATABASE_URL: seeded.url, ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
  try {
    const cookie = await benchAdminCookie(server.url, EMAIL, PASSWORD);
    const rows: ListFigures[] = [];
    // --only=a,b: shapes whose name contains any of these
    const wanted = options.only?.split(',').filter(Boolean) ?? [];
    for (const shape of SHAPES.filter((s) => !wanted.length || wanted.some((w) => s.name.includes(w)))) {
      try {
        const row = await measure(server.url, shape, cookie);
        rows.push(row);
        // Each shape as it is measured (a slow build can take many minutes for the whole table).
        console.error(`${row.case}: ${row.requestsPerSecond} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms${row.met ? '' : ' (target missed)'}`);
      } catch (error) {
        // A wrong answer is reported as such (and fails the target), and the other shapes still run.
        console.error(String(error));
        rows.push({ case: `${shape.name} (ERROR)`, total: 0, requestsPerSecond: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, non2xx: 0, errors: 1, met: false });
      }
    }
    return { seedSeconds: seeded.seedSeconds, seededNow: seeded.seededNow, rows };
  } finally {
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('bench/list.ts')) {
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  runListBench({ fresh: process.argv.includes('--fresh'), only })
    .then((figures) => {
      console.log(
        `${PAYMENTS.toLocaleString('en')} payments, ${INVOICES.toLocaleString('en')} invoices, ${CUSTOMERS.toLocaleString('en')} customers; ` +
          (figures.seededNow ? `seeded in ${figures.seedSeconds.toFixed(1)} s` : 'seeded database reused from cache (--fresh to re-seed)') +
          `; ${CONNECTIONS} connections, ${DURATION} s per shape`,
      );
      console.table(
        figures.rows.map((r) => ({
          shape: r.case,
          total: r.total,
          'req/s': r.requestsPerSecond,
          'p50 ms': r.p50Ms,
          'p99 ms': r.p99Ms,
          'non-2xx': r.non2xx + r.errors,
          'target met': r.met ? 'yes' : 'no',
        })),
      );
      console.log(
        `target (≥ ${TARGET_RPS} req/s, p99 ≤ ${TARGET_P99_MS} ms) met by ${figures.rows.filter((r) => r.met).length} of ${figures.rows.length} shapes`,
      );
      mkdirSync('bench/results', { recursive: true });
      writeFileSync('bench/results/list.json', JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
