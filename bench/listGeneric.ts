// bench/listGeneric: every shape of the customers, subscriptions, webhook events, notifications
// and audit-log lists on 1,000,000 rows each (issue 17): each sort both ways, each filter alone
// and combined, the first, a middle and the last page, and the `q` search apart (a substring
// match no index serves). 50 connections, BENCH_SECONDS (default 5) per shape after a 1 s
// warm-up, against the real server in its own process. `--only=<substring>` keeps the shapes
// whose "list shape" contains it, `--skip=a,b` drops those containing any of them; `--fresh`
// re-seeds the database.
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ROWS, seedGenericListDatabase } from './listGenericSeed';
import { startBenchServer } from './server';
import { benchAdminCookie } from './seedCache';

const CONNECTIONS = 50;
const EMAIL = 'bench@recur.local';
const PASSWORD = 'bench password long enough';
const TARGET_RPS = 1500;
const TARGET_P99_MS = 75;
const BENCH_SECONDS_SHOWN = () => Number(process.env.BENCH_SECONDS ?? 5);

type Page = 'first' | 'middle' | 'last';

interface Shape {
  list: string;
  shape: string;
  sort: [string, 'ASC' | 'DESC'];
  filter: Record<string, unknown>;
  page: Page;
  /** the substring search: measured and reported, not held to the target */
  search?: boolean;
}

export interface GenericListFigures {
  list: string;
  shape: string;
  total: number;
  requestsPerSecond: number;
  /** null when no request completed within the run (each took longer than it) */
  p50Ms: number | null;
  p99Ms: number | null;
  completed: number;
  non2xx: number;
  errors: number;
  /** ≥ 1,500 req/s and p99 ≤ 75 ms; null for the text search, which has no target here */
  met: boolean | null;
}

interface ListDef {
  list: string;
  sorts: string[];
  defaultSort: string;
  filters: Record<string, unknown>;
  /** pairs the admin shows together (its always-on filters) */
  pairs: string[][];
  /** a broad filter whose middle and last pages are measured too */
  paged?: string;
  search?: string;
}

const LISTS: ListDef[] = [
  {
    list: 'customers',
    sorts: ['createdAt', 'email', 'name', 'monthlyTotal', 'yearlyTotal', 'id'],
    defaultSort: 'createdAt',
    filters: { email: 'customer123456@example.com', externalId: 'ext_123450' },
    pairs: [],
    search: 'customer12345',
  },
  {
    list: 'subscriptions',
    sorts: ['createdAt', 'status', 'currentPeriodEnd', 'id'],
    defaultSort: 'createdAt',
    filters: { status: 'active', customerId: 4242, planId: 3, cancellationFeedback: 'unused', pauseBehavior: 'void' },
    pairs: [['status', 'planId']],
    paged: 'status',
  },
  {
    list: 'events',
    sorts: ['receivedAt', 'stripeCreated', 'type', 'status', 'id'],
    defaultSort: 'receivedAt',
    filters: { status: 'failed', type: 'invoice.paid', objectType: 'invoice', objectId: 'obj_bench_4242' },
    pairs: [['status', 'type']],
    paged: 'type',
    search: 'cus_bench_4242',
  },
  {
    list: 'notifications',
    sorts: ['createdAt', 'sentAt', 'status', 'template', 'to', 'id'],
    defaultSort: 'createdAt',
    filters: { status: 'failed', template: 'payment_failed', customerId: 4242 },
    pairs: [['status', 'template']],
    paged: 'status',
    search: 'customer4242@',
  },
  {
    list: 'audit-logs',
    sorts: ['createdAt', 'actor', 'action', 'id'],
    defaultSort: 'createdAt',
    filters: { actor: 'anna@example.com', action: 'payment.retry', entityType: 'payment', entityId: '4242' },
    pairs: [['actor', 'action']],
    paged: 'actor',
    search: 'retry',
  },
];

/** The slow shapes last: a server still busy with a slow shape's requests would slow the next one. */
function shapesOf(def: ListDef): Shape[] {
  const { list } = def;
  const byDefault: [string, 'ASC' | 'DESC'] = [def.defaultSort, 'DESC'];
  const shapes: Shape[] = [];
  for (const sort of def.sorts)
    for (const dir of ['DESC', 'ASC'] as const) shapes.push({ list, shape: `sort ${sort} ${dir}`, sort: [sort, dir], filter: {}, page: 'first' });
  for (const [key, value] of Object.entries(def.filters))
    shapes.push({ list, shape: `${key}=${String(value)}`, sort: byDefault, filter: { [key]: value }, page: 'first' });
  for (const pair of def.pairs)
    shapes.push({
      list,
      shape: pair.map((k) => `${k}=${String(def.filters[k])}`).join(' & '),
      sort: byDefault,
      filter: Object.fromEntries(pair.map((k) => [k, def.filters[k]])),
      page: 'first',
    });
  shapes.push({ list, shape: 'every filter', sort: byDefault, filter: def.filters, page: 'first' });
  const paged = def.paged ? { [def.paged]: def.filters[def.paged] } : undefined;
  const pagedName = def.paged ? `${def.paged}=${String(def.filters[def.paged])}` : '';
  if (paged) shapes.push({ list, shape: `${pagedName}, sort ${def.sorts[1]!} ASC`, sort: [def.sorts[1]!, 'ASC'], filter: paged, page: 'first' });
  for (const page of ['last', 'middle'] as const) {
    shapes.push({ list, shape: `${page} page`, sort: byDefault, filter: {}, page });
    if (paged) shapes.push({ list, shape: `${pagedName}, ${page} page`, sort: byDefault, filter: paged, page });
  }
  if (def.search) shapes.push({ list, shape: `q=${def.search}`, sort: byDefault, filter: { q: def.search }, page: 'first', search: true });
  return shapes;
}

const path = (s: Shape, range: [number, number]) =>
  `/api/${s.list}?sort=${encodeURIComponent(JSON.stringify(s.sort))}&range=${encodeURIComponent(JSON.stringify(range))}&filter=${encodeURIComponent(JSON.stringify(s.filter))}`;

/** The shape's total first (so a middle or last page can be aimed at), and a wrong answer caught rather than measured. */
async function aim(base: string, cookie: string, s: Shape): Promise<{ url: string; total: number }> {
  const first = await fetch(`${base}${path(s, [0, 24])}`, { headers: { cookie } });
  const range = first.headers.get('content-range') ?? '';
  if (first.status !== 200) throw new Error(`${s.list} ${s.shape}: ${first.status} ${await first.text()}`);
  await first.arrayBuffer();
  const total = Number(range.split('/')[1]);
  const start = s.page === 'first' ? 0 : s.page === 'middle' ? Math.floor(total / 2) : Math.max(0, total - 25);
  return { url: `${base}${path(s, [start, start + 24])}`, total };
}

async function measure(base: string, cookie: string, s: Shape, seconds: number): Promise<GenericListFigures> {
  const { url, total } = await aim(base, cookie, s);
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers: { cookie } }); // warm-up
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { cookie } });
  // The server may still be answering requests the run left in flight: /healthz reads the
  // database too, so it returns once they are done and the next shape starts on an idle server.
  await (await fetch(`${base}/healthz`)).arrayBuffer();
  const requestsPerSecond = Math.round(result.requests.average);
  const completed = result.requests.total;
  const ok = completed > 0 && result.non2xx === 0 && result.errors === 0;
  return {
    list: s.list,
    shape: s.shape,
    total,
    requestsPerSecond,
    p50Ms: completed ? result.latency.p50 : null,
    p99Ms: completed ? result.latency.p99 : null,
    completed,
    non2xx: result.non2xx,
    errors: result.errors,
    met: s.search ? null : ok && requestsPerSecond >= TARGET_RPS && result.latency.p99 <= TARGET_P99_MS,
  };
}

export interface GenericListOptions {
  fresh?: boolean;
  only?: string;
  skip?: string[];
  seconds?: number;
}

export async function runGenericListBench(options: GenericListOptions = {}): Promise<{ seedSeconds: number; seededNow: boolean; rows: GenericListFigures[] }> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 5);
  const seeded = await seedGenericListDatabase(options.fresh);
  const server = await startBenchServer({ DATABASE_URL: seeded.url, ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
  try {
    const cookie = await benchAdminCookie(server.url, EMAIL, PASSWORD);
    const shapes = LISTS.flatMap(shapesOf)
      .filter((s) => !options.only || `${s.list} ${s.shape}`.includes(options.only))
      .filter((s) => !options.skip?.some((part) => `${s.list} ${s.shape}`.includes(part)));
    const rows: GenericListFigures[] = [];
    for (const shape of shapes) {
      const row = await measure(server.url, cookie, shape, seconds);
      rows.push(row);
      if (process.argv[1]?.endsWith('bench/listGeneric.ts')) console.log(JSON.stringify(row));
    }
    return { seedSeconds: seeded.seedSeconds, seededNow: seeded.seededNow, rows };
  } finally {
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('bench/listGeneric.ts')) {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const skip = process.argv
    .find((a) => a.startsWith('--skip='))
    ?.slice('--skip='.length)
    .split(',')
    .filter(Boolean);
  runGenericListBench({ fresh: process.argv.includes('--fresh'), only, skip })
    .then((figures) => {
      console.log(
        `${ROWS.toLocaleString('en')} rows per list; ` +
          (figures.seededNow ? `seeded in ${figures.seedSeconds.toFixed(1)} s` : 'seeded database reused from cache (--fresh to re-seed)'),
      );
      console.table(
        figures.rows.map((r) => ({
          list: r.list,
          shape: r.shape,
          'req/s': r.requestsPerSecond,
          p50: r.p50Ms ?? '—',
          p99: r.p99Ms ?? `> ${BENCH_SECONDS_SHOWN()} s`,
          'target met': r.met === null ? '(search)' : r.met ? 'yes' : 'no',
        })),
      );
      mkdirSync('bench/results', { recursive: true });
      writeFileSync('bench/results/listGeneric.json', JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
