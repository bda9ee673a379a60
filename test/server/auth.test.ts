import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Session } from '../../server/db/models';
import { OWNER_EMAIL, OWNER_PASSWORD, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

const login = (body: string) => recur.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('admin sign-in', () => {
  it('opens a session with an HttpOnly, SameSite=Lax cookie and audits it', async () => {
    const res = await login(JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: OWNER_EMAIL, role: 'owner' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^recur_session=[\w-]{40,}/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(await AuditLog.count({ where: { action: 'auth.login', actor: OWNER_EMAIL } })).toBeGreaterThan(0);
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await signInCookie(recur.app);
    const token = cookie.split('=')[1]!;
    expect(await Session.findByPk(token)).toBeNull();
    expect(await Session.count()).toBeGreaterThan(0);
  });

  it.each([
    ['a wrong password', JSON.stringify({ email: OWNER_EMAIL, password: 'wrong password' }), 401, 'Invalid e-mail or password'],
    ['an unknown e-mail', JSON.stringify({ email: 'nobody@test.local', password: OWNER_PASSWORD }), 401, 'Invalid e-mail or password'],
    ['malformed JSON', '{"email":', 400, 'valid JSON'],
    ['a missing password', JSON.stringify({ email: OWNER_EMAIL }), 400, 'password'],
    ['a non-string e-mail', JSON.stringify({ email: 42, password: 'x' }), 400, 'email'],
  ])('refuses %s with %i and a message', async (_what, body, status, message) => {
    const sessionsBefore = await Session.count();
    const res = await login(body);
    expect(res.status).toBe(status);
    expect((await res.json()).message).toContain(message);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await Session.count()).toBe(sessionsBefore);
  });

  it('answers /me with the user, and 401 without or after logout', async () => {
    const cookie = await signInCookie(recur.app);
    const me = await recur.app.request('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: OWNER_EMAIL, role: 'owner' });

    expect((await recur.app.request('/api/auth/me')).status).toBe(401);
    expect((await recur.app.request('/api/auth/me', { headers: { cookie: 'recur_session=forged' } })).status).toBe(401);

    const out = await recur.app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect((await recur.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('keeps every admin resource behind the session', async () => {
    for (const resource of ['plans', 'customers', 'subscriptions', 'payments']) {
      const res = await recur.app.request(`/api/${resource}`);
      expect(res.status).toBe(401);
      expect((await res.json()).message).toBeTruthy();
    }
  });
});
