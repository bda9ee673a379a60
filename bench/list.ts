// bench/list: GET /api/payments (a page of 25 with the customer's e-mail, newest first, with the
// Content-Range total) on 1,000,000 payments, unfiltered and filtered to failed; 50 connections
// for 10 s each, against the real server in its own process. `--fresh` re-seeds the database.
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { CUSTOMERS, PAYMENTS, seedListDatabase } from './listSeed';
import { startBenchServer } from './server';

const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const EMAIL = 'bench@recur.local';
const PASSWORD = 'bench password long enough';

export interface ListFigures {
  case: string;
  total: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

const path = (filter: object) =>
  `/api/payments?sort=${encodeURIComponent('["createdAt","DESC"]')}&range=${encodeURIComponent('[0,24]')}&filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** One request before the load, so a wrong answer is caught rather than measured. */
async function check(url: string, cookie: string): Promise<number> {
  const res = await fetch(url, { headers: { cookie } });
  const rows = (await res.json()) as { customerEmail?: string }[];
  const range = res.headers.get('content-range') ?? '';
  if (res.status !== 200 || rows.length !== 25 || !rows.every((r) => r.customerEmail?.endsWith('@example.com'))) {
    throw new Error(`unexpected answer ${res.status} ${range}: ${JSON.stringify(rows).slice(0, 200)}`);
  }
  return Number(range.split('/')[1]);
}

async function measure(name: string, base: string, cookie: string, filter: object): Promise<ListFigures> {
  const url = `${base}${path(filter)}`;
  const total = await check(url, cookie);
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers: { cookie } }); // warm-up
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: { cookie } });
  return {
    case: name,
    total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function runListBench(options: { fresh?: boolean } = {}): Promise<{ seedSeconds: number; seededNow: boolean; rows: ListFigures[] }> {
  const seeded = await seedListDatabase(options.fresh);
  const server = await startBenchServer({ DATABASE_URL: seeded.url, ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const rows = [await measure('no filter', server.url, cookie, {}), await measure('status=failed', server.url, cookie, { status: 'failed' })];
    return { seedSeconds: seeded.seedSeconds, seededNow: seeded.seededNow, rows };
  } finally {
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('bench/list.ts')) {
  runListBench({ fresh: process.argv.includes('--fresh') })
    .then((figures) => {
      console.log(`${PAYMENTS.toLocaleString('en')} payments, ${CUSTOMERS.toLocaleString('en')} customers; ` +
        (figures.seededNow ? `seeded in ${figures.seedSeconds.toFixed(1)} s` : 'seeded database reused from cache (--fresh to re-seed)'));
      console.table(figures.rows);
      mkdirSync('bench/results', { recursive: true });
      writeFileSync('bench/results/list.json', JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2));
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
