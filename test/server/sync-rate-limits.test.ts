import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededEmulator, type SeededEmulator } from '../../emulator/seed/backfill';
import { openDatabase } from '../../server/db/sequelize';
import { sqlOutside } from '../../server/db/sql';
import { dropTestDatabase, testDatabaseUrl } from '../helpers/database';
import { control } from '../helpers/ops';

// docs.stripe.com/rate-limits: in live mode the account may send 100 requests a second, and "API
// endpoints have a default limit of 25 requests per second", each named operation (a list) one
// endpoint; over either, 429. The emulator here enforces both (its requestsPerSecond and
// endpointRequestsPerSecond), at most that many requests in any second as they arrive, and
// `npm run sync` runs at the live-mode pace: every list is read whole, and none is answered 429.

const CUSTOMERS = 1200;
const INVOICES_PER_CUSTOMER = 3;

let emulator: SeededEmulator;
let databaseUrl: string;
beforeAll(async () => {
  emulator = await startSeededEmulator({ customers: CUSTOMERS, invoicesPerCustomer: INVOICES_PER_CUSTOMER });
  databaseUrl = await testDatabaseUrl();
});
afterAll(async () => {
  await emulator?.close();
  await dropTestDatabase(databaseUrl);
});

/** `npm run sync` as its script runs it (node on the compiled sync; `npm test` builds dist/ first). */
function runSync(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { STRIPE_SECRET_KEY: _key, ...inherited } = process.env;
  const child = spawn(process.execPath, ['scripts/start.mjs', 'sync'], { env: { ...inherited, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run sync at the live-mode pace, against Stripe’s limits', () => {
  it('reads every list, the three at once, each within its endpoint’s 25 a second, and meets no 429', { timeout: 120_000 }, async () => {
    expect((await control(emulator, 'PUT', '/faults', { api: { requestsPerSecond: 100, endpointRequestsPerSecond: 25 } })).status).toBe(200);
    const finished = await runSync({ EMULATOR_URL: emulator.url, DATABASE_URL: databaseUrl, STRIPE_REQUESTS_PER_SECOND: '100' });
    expect(finished.code, finished.stderr.slice(-2000)).toBe(0);
    expect(finished.stderr).toContain('100 requests/s, 25 to any one endpoint');
    expect(finished.stdout).toContain(`checked ${CUSTOMERS} customers, ${CUSTOMERS} subscriptions, ${CUSTOMERS * INVOICES_PER_CUSTOMER} invoices`);
    expect(finished.stdout).toMatch(/; \d+ Stripe requests, 0 answered 429/);

    expect((await control<{ over_rate_limit: number }>(emulator, 'GET', '/faults/injected')).body.over_rate_limit).toBe(0);
    const served = emulator.served;
    expect(served.filter((r) => r.status !== 200)).toEqual([]);
    // Every page once, 100 objects a page (docs.stripe.com/api/pagination); the invoices' 36 pages
    // are more than the endpoint's 25 a second allows in one.
    const pagesOf = (path: string) => served.filter((r) => r.method === 'GET' && r.path === path).length;
    expect(pagesOf('/v1/customers')).toBe(CUSTOMERS / 100);
    expect(pagesOf('/v1/subscriptions')).toBe(CUSTOMERS / 100);
    expect(pagesOf('/v1/invoices')).toBe((CUSTOMERS * INVOICES_PER_CUSTOMER) / 100);
    // Read at once: the invoices' list had begun before the customers' was through.
    const firstInvoicesPage = served.findIndex((r) => r.path === '/v1/invoices');
    const lastCustomersPage = served.findLastIndex((r) => r.path === '/v1/customers');
    expect(firstInvoicesPage).toBeLessThan(lastCustomersPage);

    // Parents first: every subscription and invoice found its customer, and no payment was made twice.
    const db = await openDatabase(databaseUrl);
    try {
      const sql = sqlOutside(db);
      const count = async (query: string) => Number((await sql.all<{ n: number | string }>(query))[0]!.n);
      expect(await count(`SELECT COUNT(*) AS "n" FROM customers`)).toBe(CUSTOMERS);
      expect(await count(`SELECT COUNT(*) AS "n" FROM subscriptions s JOIN customers c ON c.id = s.customer_id`)).toBe(CUSTOMERS);
      expect(await count(`SELECT COUNT(*) AS "n" FROM invoices i JOIN customers c ON c.id = i.customer_id`)).toBe(CUSTOMERS * INVOICES_PER_CUSTOMER);
      expect(await count(`SELECT COUNT(*) AS "n" FROM (SELECT invoice_id FROM payments GROUP BY invoice_id HAVING COUNT(*) > 1) t`)).toBe(0);
    } finally {
      await db.close();
    }
  });
});
