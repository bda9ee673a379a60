import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededEmulator, type SeededEmulator, type ServedRequest } from '../../emulator/seed/backfill';
import { LISTS, readSyncCursor, type ListName, type SyncCursor } from '../../server/billing/syncCursor';
import { openDatabase, type Database } from '../../server/db/sequelize';
import { sqlOutside } from '../../server/db/sql';
import { dropTestDatabase, testDatabaseUrl } from '../helpers/database';

// `npm run sync` killed halfway (SIGKILL: no handler runs, as when the machine loses power) and run
// again goes on after the last page it applied. docs.stripe.com/api/pagination: lists are read 100
// objects a page (`limit` at most 100), each page after the last object of the one before
// (`starting_after`), so a page is named by its cursor and a page read twice shows as a cursor
// served twice. Real processes, HTTP, stripe SDK and database (SQLite, or PostgreSQL with TEST_DATABASE_URL).

const CUSTOMERS = 1500;
const INVOICES_PER_CUSTOMER = 2;
// Slow enough that the kill lands midway whatever the machine's load; Stripe allows 25 in test mode (docs.stripe.com/rate-limits).
const RATE = '10';

let emulator: SeededEmulator;
let databaseUrl: string;
let db: Database | undefined;
/** The connection the poll opened once the child had made the file. */
const opened = (): Database => {
  if (!db) throw new Error('the sync never created its database');
  return db;
};
beforeAll(async () => {
  emulator = await startSeededEmulator({ customers: CUSTOMERS, invoicesPerCustomer: INVOICES_PER_CUSTOMER });
  databaseUrl = await testDatabaseUrl();
});
afterAll(async () => {
  await db?.close();
  await emulator?.close();
  await dropTestDatabase(databaseUrl);
});

/** `npm run sync` as its script runs it: node on the compiled sync (`npm test` builds dist/ first), no npm in between so the kill reaches it. */
function startSync(): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const { STRIPE_SECRET_KEY: _key, ...inherited } = process.env;
  const child = spawn(process.execPath, ['scripts/start.mjs', 'sync'], {
    env: { ...inherited, LOG_LEVEL: 'warn', EMULATOR_URL: emulator.url, DATABASE_URL: databaseUrl, STRIPE_REQUESTS_PER_SECOND: RATE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

const listRequests = (served: ServedRequest[]) =>
  served.filter((r) => r.method === 'GET' && ['/v1/customers', '/v1/subscriptions', '/v1/invoices'].includes(r.path));
const pageKey = (r: ServedRequest) => `${r.path}?starting_after=${r.after ?? ''}`;

describe('npm run sync killed midway', () => {
  it('goes on after the last page it applied, reads no applied page again, and leaves no drift', { timeout: 180_000 }, async () => {
    const first = startSync();
    // The database file is the child's: this connection only reads the cursor it writes with each page.
    const poll = async (): Promise<SyncCursor | null> => {
      db ??= await openDatabase(databaseUrl).catch(() => undefined);
      return db ? readSyncCursor(db).catch(() => null) : null;
    };
    // The three lists are read at once (each endpoint has its own limit, docs.stripe.com/rate-limits):
    // killed once a sixth of the 60 pages are applied, whichever lists they came from.
    const appliedPagesOf = (c: SyncCursor) => LISTS.reduce((sum, list) => sum + c.lists[list].pages, 0);
    let cursor: SyncCursor | null = null;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      cursor = await poll();
      if (cursor && appliedPagesOf(cursor) >= 10) break;
    }
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');

    const applied = (await readSyncCursor(opened()))!;
    expect(appliedPagesOf(applied)).toBeGreaterThanOrEqual(10);
    expect(applied.lists.invoices.done).toBe(false);
    const firstServed = listRequests(emulator.served);
    const servedBeforeKill = emulator.served.length;
    // Each list's pages were asked for in order, each after the one before: those applied are the
    // first of its requests (the page being applied when it died, and those read ahead, were not).
    const appliedKeys = new Set(
      LISTS.flatMap((list) =>
        firstServed
          .filter((r) => r.path === `/v1/${list}`)
          .slice(0, applied.lists[list].pages)
          .map(pageKey),
      ),
    );
    const appliedPages = appliedPagesOf(applied);
    expect(appliedKeys.size).toBe(appliedPages);

    const second = startSync();
    const finished = await second.exited;
    expect(finished.code, finished.stderr.slice(-2000)).toBe(0);
    expect(finished.stdout).toMatch(/went on from the sync started .*, which had applied \d+ customers, \d+ subscriptions, \d+ invoices/);
    expect(finished.stdout).toContain(`checked ${CUSTOMERS} customers, ${CUSTOMERS} subscriptions, ${CUSTOMERS * INVOICES_PER_CUSTOMER} invoices`);

    const secondServed = emulator.served.slice(servedBeforeKill);
    // Nothing but list pages: no customer read one by one (the unlisted check knows what the first run listed).
    expect(secondServed.filter((r) => !listRequests([r]).length)).toEqual([]);
    expect(secondServed.every((r) => r.status === 200)).toBe(true);
    const keys = secondServed.map(pageKey);
    expect(new Set(keys).size).toBe(keys.length);
    // What the killed run applied was not asked for again.
    for (const key of keys) expect(appliedKeys.has(key), key).toBe(false);
    // Each list from its stored cursor on, and only the pages not yet applied: ⌈n/100⌉ less those
    // applied, and one empty page after the last for a list whose end was not yet recorded.
    const pages = (n: number) => Math.ceil(n / 100);
    const sizes: Record<ListName, number> = { customers: CUSTOMERS, subscriptions: CUSTOMERS, invoices: CUSTOMERS * INVOICES_PER_CUSTOMER };
    for (const list of LISTS) {
      const state = applied.lists[list];
      const asked = secondServed.filter((r) => r.path === `/v1/${list}`);
      if (state.done) {
        expect(asked, list).toEqual([]);
        continue;
      }
      expect(asked[0]?.after ?? null, list).toBe(state.after);
      expect(asked.length, list).toBe(pages(sizes[list]) - state.pages + (state.read === sizes[list] ? 1 : 0));
    }

    // Done: the cursor is gone, and the database holds exactly what the emulator has.
    expect(await readSyncCursor(opened())).toBeNull();
    const sql = sqlOutside(opened());
    const ids = async (query: string) => (await sql.all<{ id: string }>(query)).map((r) => r.id).sort();
    expect(await ids(`SELECT stripe_customer_id AS "id" FROM customers WHERE stripe_customer_id IS NOT NULL`)).toEqual(
      emulator.store.customers
        .toJSON()
        .map((c) => c.id)
        .sort(),
    );
    expect(await ids(`SELECT stripe_subscription_id AS "id" FROM subscriptions`)).toEqual(
      emulator.store.subscriptions
        .toJSON()
        .map((s) => s.id)
        .sort(),
    );
    expect(await ids(`SELECT stripe_invoice_id AS "id" FROM invoices`)).toEqual(
      emulator.store.invoices
        .toJSON()
        .map((i) => i.id)
        .sort(),
    );
    const states = await sql.all<{ id: string; state: string }>(
      `SELECT s.stripe_subscription_id AS "id", s.status || '|' || c.stripe_customer_id || '|' || c.email AS "state" FROM subscriptions s JOIN customers c ON c.id = s.customer_id`,
    );
    const expected = new Map(
      emulator.store.subscriptions
        .toJSON()
        .map((s) => [s.id, `${s.status}|${s.customer as string}|${emulator.store.customers.get(s.customer as string)!.email}`]),
    );
    for (const { id, state } of states) expect(state, id).toBe(expected.get(id));
    const paid = await sql.all<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM payments WHERE status = 'succeeded'`);
    expect(Number(paid[0]!.n)).toBe(emulator.store.invoices.toJSON().filter((i) => i.status === 'paid' && i.amount_paid > 0).length);
    // One payment per paid invoice: no page applied twice made a second.
    const twice = await sql.all<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM (SELECT invoice_id FROM payments GROUP BY invoice_id HAVING COUNT(*) > 1) t`,
    );
    expect(Number(twice[0]!.n)).toBe(0);
  });
});
