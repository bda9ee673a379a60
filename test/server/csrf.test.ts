import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Setting } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const policy = (graceDays: number) => ({ accessPolicy: { pastDueGraceDays: graceDays, unpaidGraceDays: 0, incompleteGraceDays: 0 } });

const putSettings = (body: unknown, headers: Record<string, string>) =>
  recur.app.request(`${recur.baseUrl}/api/settings`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const state = async () => ({
  settings: (await Setting.findAll({ order: [['key', 'ASC']] })).map((s) => JSON.stringify(s.toJSON())),
  audits: await AuditLog.count(),
});

describe('cross-site request forgery on cookie-authenticated /api calls', () => {
  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Origin on the same host name but another port', { origin: 'http://127.0.0.1:1' }],
    ['an opaque (null) Origin', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['a same Origin but Sec-Fetch-Site: cross-site', { origin: 'BASE', 'sec-fetch-site': 'cross-site' }],
  ])('refuses %s with 403, a clear message and nothing changed', async (_what, raw) => {
    const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === 'BASE' ? recur.baseUrl : v]));
    const before = await state();
    const res = await putSettings(policy(9), headers);
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/cross-site request refused/i);
    expect(await state()).toEqual(before);
  });

  it('refuses a cross-site sign-in and sign-out as well', async () => {
    const login = await recur.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'owner@test.local', password: 'correct horse battery staple' }),
    });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie')).toBeNull();
    const logout = await recur.app.request('/api/auth/logout', { method: 'POST', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(logout.status).toBe(403);
    expect((await recur.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(200);
  });

  it.each([
    ['the public URL as Origin, Sec-Fetch-Site: same-origin', { origin: 'BASE', 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: none (typed into the address bar)', { 'sec-fetch-site': 'none' }],
    ['neither header (scripts, tests, curl)', {}],
  ])('accepts %s', async (_what, raw) => {
    const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === 'BASE' ? recur.baseUrl : v]));
    const days = Math.floor(Math.random() * 20) + 1;
    const res = await putSettings(policy(days), headers);
    expect(res.status).toBe(200);
    expect((await res.json()).accessPolicy.pastDueGraceDays).toBe(days);
  });

  it('accepts an Origin matching the host the request was sent to (the admin opened by another name, the dev proxy)', async () => {
    const res = await recur.app.request('http://admin.internal:5173/api/settings', {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', origin: 'http://admin.internal:5173', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(policy(4)),
    });
    expect(res.status).toBe(200);
  });

  it('lets cross-site reads through (they cannot change anything, and CORS keeps the answer from the foreign page)', async () => {
    const res = await recur.app.request('/api/settings', { headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('leaves the API-key routes (/api/v1) and the webhooks alone: no cookie there to abuse', async () => {
    const v1 = await recur.app.request('/api/v1/customers/ada@example.com/subscription', { headers: { origin: 'https://evil.example' } });
    expect(v1.status).toBe(401);
    const hook = await recur.app.request('/webhooks/stripe', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(hook.status).toBe(400);
  });
});

describe('CORS headers on /api (hono/cors, run only when the request names an Origin)', () => {
  it('answers the public URL as Origin with its CORS headers, the list page and its Content-Range', async () => {
    const res = await recur.app.request('/api/audit-logs', { headers: { cookie, origin: recur.baseUrl } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(recur.baseUrl);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toBe('Content-Range');
    expect(res.headers.get('content-range')).toMatch(/^audit-logs \d+-\d+\/\d+$/);
    expect(Array.isArray(await res.json())).toBe(true);
  });

  it('answers a preflight from the public URL', async () => {
    const res = await recur.app.request('/api/settings', {
      method: 'OPTIONS',
      headers: { origin: recur.baseUrl, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(recur.baseUrl);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('adds none to a request without Origin (no browser reads it under CORS), and the answer is the same page', async () => {
    const plain = await recur.app.request('/api/audit-logs', { headers: { cookie } });
    const withOrigin = await recur.app.request('/api/audit-logs', { headers: { cookie, origin: recur.baseUrl } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('access-control-allow-credentials')).toBeNull();
    expect(plain.headers.get('content-range')).toBe(withOrigin.headers.get('content-range'));
    expect(plain.headers.get('content-security-policy')).toBe(withOrigin.headers.get('content-security-policy'));
    expect(await plain.text()).toBe(await withOrigin.text());
  });
});
