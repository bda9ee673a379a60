import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitRateLimit } from '../../server/billing/rateLimit';
import { admitSignup, clientNetwork, MAX_SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW_MS } from '../../server/billing/signupRate';
import { PendingSignup, Plan } from '../../server/db/models';
import { openDatabase } from '../../server/db/sequelize';
import { TooManyRequestsError } from '../../server/errors';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';
import { startTestRecur, type TestRecur } from '../helpers/recur';

/**
 * Signups are limited per client address, in the database: 30 posts from one address once made
 * 30 Stripe customers and 30 Checkout Sessions. Now Checkout makes the customer (none for an
 * abandoned form), and past MAX_SIGNUPS_PER_ADDRESS sessions in a window the form answers 429
 * with Retry-After. The count is one upsert, so concurrent posts — on two instances too — never
 * get more than the limit through.
 */

let databaseUrl: string;
let recur: TestRecur;
let baseUrl: string;
let plan: Plan;

beforeAll(async () => {
  databaseUrl = await testDatabaseUrl();
  recur = await startTestRecur({ databaseUrl });
  baseUrl = await recur.listen();
  plan = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
});
afterAll(async () => {
  await recur.close();
  await dropTestDatabase(databaseUrl);
});

const form = (email: string) => new URLSearchParams({ plan: String(plan.id), email, name: 'Sam' });
const headers = { 'content-type': 'application/x-www-form-urlencoded' };

/** Over real HTTP: every post comes from 127.0.0.1. */
const postOverHttp = (email: string) => fetch(`${baseUrl}/signup`, { method: 'POST', body: form(email), headers, redirect: 'manual' });

/** The windows are clock-aligned: a test about to cross into the next one waits for it, so its posts share one. */
async function awayFromWindowEdge(): Promise<void> {
  const left = SIGNUP_WINDOW_MS - (Date.now() % SIGNUP_WINDOW_MS);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

async function stripeCounts(): Promise<{ customers: number; sessions: number }> {
  const customers = (await recur.stripe.customers.list({ limit: 100 })).data.length;
  const sessions = (await recur.stripe.checkout.sessions.list({ limit: 100 })).data.length;
  return { customers, sessions };
}

describe('POST /signup from one address', () => {
  it(`starts ${MAX_SIGNUPS_PER_ADDRESS} Checkouts and no Stripe customer, then answers 429 with Retry-After and the form as typed`, async () => {
    await awayFromWindowEdge();
    const before = await stripeCounts();
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 30; i++) {
      const res = await postOverHttp(`person${i}@example.com`);
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
      else await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(MAX_SIGNUPS_PER_ADDRESS);
    expect(statuses.slice(MAX_SIGNUPS_PER_ADDRESS).every((s) => s === 429)).toBe(true);
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= SIGNUP_WINDOW_MS / 1000).toBe(true);
    const html = await refused!.text();
    expect(html).toContain('Too many signups were started from your network just now');
    expect(html).toContain(`value="person${MAX_SIGNUPS_PER_ADDRESS}@example.com"`);
    // Stripe's counts: the sessions let through, and not one customer for forms nobody paid.
    expect(await stripeCounts()).toEqual({ customers: before.customers, sessions: before.sessions + MAX_SIGNUPS_PER_ADDRESS });
    expect(await PendingSignup.count()).toBe(MAX_SIGNUPS_PER_ADDRESS);
  });

  it('lets no more than the limit through when 30 posts arrive at once', async () => {
    // In-process requests have no socket: they share one address of their own ("unknown").
    await awayFromWindowEdge();
    const before = (await stripeCounts()).sessions;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => recur.app.request('/signup', { method: 'POST', body: form(`burst${i}@example.com`), headers })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(MAX_SIGNUPS_PER_ADDRESS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - MAX_SIGNUPS_PER_ADDRESS);
    expect((await stripeCounts()).sessions).toBe(before + MAX_SIGNUPS_PER_ADDRESS);
  });

  it('does not count bad input (nothing is written for it): a 400 stays a 400', async () => {
    const res = await recur.app.request('/signup', {
      method: 'POST',
      body: new URLSearchParams({ plan: String(plan.id), email: 'not-mail', name: 'Sam' }),
      headers,
    });
    expect(res.status).toBe(400);
  });
});

describe('the counter', () => {
  it('counts 50 concurrent hits exactly: the limit gets through, the rest are refused, and the next window starts afresh', async () => {
    const now = Date.UTC(2030, 0, 1, 12, 0, 0);
    const decisions = await Promise.all(Array.from({ length: 50 }, () => hitRateLimit(recur.db, 'test:concurrent', 7, 60_000, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(7);
    expect(new Set(decisions.map((d) => d.retryAfterSeconds))).toEqual(new Set([60]));
    expect((await hitRateLimit(recur.db, 'test:concurrent', 7, 60_000, now + 60_000)).allowed).toBe(true);
  });

  it('puts an IPv6 host, whatever address of its /64 it takes, in one bucket; IPv4-mapped addresses count as IPv4', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('unknown')).toBe('unknown');
  });
});

// Two instances are two connection pools on one database; SQLite has one writer in one process.
describe.skipIf(!testPostgresUrl())('two instances on one PostgreSQL database', () => {
  it('share the limit: 30 signups split over both admit exactly the limit', async () => {
    await awayFromWindowEdge();
    const other = await openDatabase(databaseUrl);
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          admitSignup(i % 2 ? other : recur.db, '198.51.100.9').then(
            () => 'admitted',
            (error: unknown) => (error instanceof TooManyRequestsError ? 'refused' : Promise.reject(error)),
          ),
        ),
      );
      expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(MAX_SIGNUPS_PER_ADDRESS);
    } finally {
      await other.close();
    }
  });
});
