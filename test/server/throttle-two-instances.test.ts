import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { MAX_FAILURES_PER_EMAIL } from '../../server/auth/loginThrottle';
import { hashPassword, passwordChecks } from '../../server/auth/passwords';
import { AdminUser, LoginAttempt, Notification, PortalLoginRequest, PortalToken } from '../../server/db/models';
import { MAX_LINKS_PER_EMAIL } from '../../server/portal/rateLimit';
import { dropTestDatabase, testDatabaseUrl, testPostgresUrl } from '../helpers/database';
import { form } from '../helpers/portal';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { makeCustomer } from '../helpers/rows';

/**
 * The sign-in throttles with two Recur instances on one PostgreSQL database, each taking half of a
 * burst at once: the count lives in the database and is taken under its locks, so the instances
 * together let through no more than one would. SQLite has one process per file (no second instance):
 * this file runs in the PostgreSQL run only; login-throttle.test.ts covers one instance on both.
 */
describe.skipIf(!testPostgresUrl())('sign-in throttles across two instances on one PostgreSQL database', () => {
  let emulator: RunningEmulator;
  let databaseUrl: string;
  let a: TestRecur;
  let b: TestRecur;
  const urls: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    databaseUrl = await testDatabaseUrl();
    a = await startTestRecur({ emulator, databaseUrl, seed: true });
    b = await startTestRecur({ emulator, databaseUrl });
    // Over real HTTP, each instance on its own port and connection pool.
    urls.push(await a.listen(), await b.listen());
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await emulator?.close();
    if (databaseUrl) await dropTestDatabase(databaseUrl);
  });

  it(`lets at most ${MAX_FAILURES_PER_EMAIL} of 50 wrong passwords sent at once to both reach the password check`, async () => {
    await AdminUser.create({ email: 'target@two.test', name: 'Target', role: 'admin', passwordHash: await hashPassword('the real password here') });
    const checksBefore = passwordChecks(); // both instances run in this process: the sum of their checks
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${urls[i % 2]}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'target@two.test', password: `guess ${i}` }),
        }).then((res) => res.status),
      ),
    );
    expect(passwordChecks() - checksBefore).toBe(MAX_FAILURES_PER_EMAIL);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50 - MAX_FAILURES_PER_EMAIL);
    expect(await LoginAttempt.count({ where: { email: 'target@two.test' } })).toBe(MAX_FAILURES_PER_EMAIL);
  });

  it(`sends at most ${MAX_LINKS_PER_EMAIL} sign-in links for 50 requests sent at once to both`, async () => {
    const customer = await makeCustomer(a.db, { email: 'burst@two.test', name: 'Burst', stripeCustomerId: 'cus_two_burst', currency: 'usd' });
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => fetch(`${urls[i % 2]}/portal/login`, form({ email: 'burst@two.test' })).then((res) => res.status)),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(MAX_LINKS_PER_EMAIL);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50 - MAX_LINKS_PER_EMAIL);
    expect(await PortalLoginRequest.count({ where: { email: 'burst@two.test' } })).toBe(MAX_LINKS_PER_EMAIL);
    await Promise.all([a.sender.flush(), b.sender.flush()]);
    expect(await Notification.count({ where: { template: 'magic_link', customerId: customer.id } })).toBe(MAX_LINKS_PER_EMAIL);
    expect(await PortalToken.count({ where: { customerId: customer.id } })).toBe(MAX_LINKS_PER_EMAIL);
  });
});
