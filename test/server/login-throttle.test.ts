import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_WINDOW_MS, MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from '../../server/auth/loginThrottle';
import { hashPassword, passwordChecks } from '../../server/auth/passwords';
import { AdminUser, LoginAttempt, Session } from '../../server/db/models';
import { startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let baseUrl: string;
const PASSWORD = 'the right password';

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  // Over real HTTP, so the per-address count sees a real peer address.
  baseUrl = await recur.listen();
  const passwordHash = await hashPassword(PASSWORD);
  await AdminUser.bulkCreate(
    ['locked', 'fresh', 'aged', 'spray', 'burst'].map((name) => ({ email: `${name}@throttle.test`, name, role: 'admin' as const, passwordHash })),
  );
});
afterAll(() => recur.close());

const login = (email: string, password: string) =>
  fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

async function fail(email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) expect((await login(email, 'a wrong guess')).status).toBe(401);
}

describe('failed sign-ins are rate-limited', () => {
  it(`locks an e-mail after ${MAX_FAILURES_PER_EMAIL} failures: 429 with a message and Retry-After, even for the right password`, async () => {
    await fail('Locked@throttle.test', MAX_FAILURES_PER_EMAIL);
    const sessions = await Session.count();
    for (const password of ['another guess', PASSWORD]) {
      const res = await login('locked@throttle.test', password);
      expect(res.status).toBe(429);
      expect((await res.json()).message).toMatch(/too many failed sign-ins/i);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await Session.count()).toBe(sessions);
    // The refused tries were not counted: the lock does not extend itself.
    expect(await LoginAttempt.count({ where: { email: 'locked@throttle.test' } })).toBe(MAX_FAILURES_PER_EMAIL);
    // Other accounts are not affected by one account's lock.
    expect((await login('fresh@throttle.test', PASSWORD)).status).toBe(200);
  });

  it('does not count successes, and a success clears that e-mail’s failures', async () => {
    await fail('fresh@throttle.test', MAX_FAILURES_PER_EMAIL - 1);
    expect((await login('fresh@throttle.test', PASSWORD)).status).toBe(200);
    expect(await LoginAttempt.count({ where: { email: 'fresh@throttle.test' } })).toBe(0);
    for (let i = 0; i < 3; i++) expect((await login('fresh@throttle.test', PASSWORD)).status).toBe(200);
    await fail('fresh@throttle.test', MAX_FAILURES_PER_EMAIL - 1);
    expect((await login('fresh@throttle.test', PASSWORD)).status).toBe(200);
  });

  it('forgets failures older than the window (the state is in the database)', async () => {
    await fail('aged@throttle.test', MAX_FAILURES_PER_EMAIL);
    expect((await login('aged@throttle.test', PASSWORD)).status).toBe(429);
    // As if the failures had happened just over a window ago.
    await LoginAttempt.update({ createdAt: new Date(Date.now() - LOGIN_WINDOW_MS - 1000) }, { where: { email: 'aged@throttle.test' } });
    expect((await login('aged@throttle.test', PASSWORD)).status).toBe(200);
  });

  it(`locks an address that fails ${MAX_FAILURES_PER_IP} times across many e-mails`, async () => {
    await LoginAttempt.destroy({ where: {} });
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) expect((await login(`nobody${i}@throttle.test`, 'guess')).status).toBe(401);
    const rows = await LoginAttempt.findAll();
    expect(new Set(rows.map((r) => r.ip)).size).toBe(1);
    expect(rows[0]!.ip).toMatch(/127\.0\.0\.1|::1/);
    const res = await login('spray@throttle.test', PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it(`lets at most ${MAX_FAILURES_PER_EMAIL} of 50 wrong passwords sent at once reach the password check`, async () => {
    await LoginAttempt.destroy({ where: {} });
    const checksBefore = passwordChecks();
    const statuses = await Promise.all(Array.from({ length: 50 }, (_, i) => login('burst@throttle.test', `guess number ${i}`).then((res) => res.status)));
    // Counted before checking, one at a time: exactly the limit were checked (and failed), the rest refused unchecked.
    expect(passwordChecks() - checksBefore).toBe(MAX_FAILURES_PER_EMAIL);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50 - MAX_FAILURES_PER_EMAIL);
    expect(await LoginAttempt.count({ where: { email: 'burst@throttle.test' } })).toBe(MAX_FAILURES_PER_EMAIL);
    expect((await login('burst@throttle.test', PASSWORD)).status).toBe(429);
  });

  it('does not count malformed requests (they never reach the password check)', async () => {
    await LoginAttempt.destroy({ where: {} });
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(res.status).toBe(400);
    expect(await LoginAttempt.count()).toBe(0);
  });
});
