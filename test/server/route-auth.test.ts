import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser } from '../../server/db/models';
import { OPEN_PATHS } from '../../server/routes/v1';
import { appRoutes, fillPath, isPublic, PUBLIC_ROUTES, type AppRoute } from '../helpers/routes';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let routes: AppRoute[];
let owner: string;
let viewer: string;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  routes = appRoutes(recur.app);
  owner = await signInCookie(recur.app);
  await AdminUser.create({ email: 'viewer@routes.test', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('a long enough password') });
  viewer = await signInCookie(recur.app, 'viewer@routes.test', 'a long enough password');
});
afterAll(() => recur.close());

const call = (route: AppRoute, headers: Record<string, string> = {}) =>
  recur.app.request(fillPath(route.path), {
    method: route.method,
    headers: { 'content-type': 'application/json', ...headers },
    body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
  });

// The API's description and reference page are public by design (test/server/openapi.test.ts reads them without a key).
const isIntegration = (route: AppRoute) => route.path.startsWith('/api/v1/') && !OPEN_PATHS.includes(route.path);
const guarded = () => routes.filter((route) => !isPublic(route));
const label = (route: AppRoute) => `${route.method} ${route.path}`;

describe('the route table', () => {
  it('is read from the router, and only the short public list is open', () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const known of ['GET /api/plans', 'POST /api/payments/:id/retry', 'PUT /api/settings', 'GET /api/v1/customers/:email/subscription']) {
      expect(routes.map(label)).toContain(known);
    }
    expect(PUBLIC_ROUTES.length).toBeLessThanOrEqual(15);
    // Everything under /api but sign-in, sign-out, the API's description and the API-key routes needs the session.
    const openApi = routes.filter((route) => route.path.startsWith('/api/') && isPublic(route) && !isIntegration(route));
    expect(openApi.map(label).sort()).toEqual(['GET /api/v1/docs', 'GET /api/v1/openapi.json', 'POST /api/auth/login', 'POST /api/auth/logout']);
  });
});

describe('every non-public route', () => {
  it('refuses a request without a session with 401 and a message', async () => {
    const failures: string[] = [];
    for (const route of guarded()) {
      const res = await call(route);
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      if (res.status !== 401 || !body.message) failures.push(`${label(route)} → ${res.status}`);
    }
    expect(guarded().length).toBeGreaterThan(40);
    expect(failures).toEqual([]);
  });

  it('refuses a forged session cookie and a session ended by logout with 401', async () => {
    const ended = await signInCookie(recur.app);
    expect((await recur.app.request('/api/auth/logout', { method: 'POST', headers: { cookie: ended } })).status).toBe(204);
    const failures: string[] = [];
    for (const route of guarded()) {
      for (const cookie of ['recur_session=forged-token-value', ended]) {
        const res = await call(route, { cookie });
        if (res.status !== 401) failures.push(`${label(route)} with ${cookie.slice(0, 20)} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers the owner with something other than 401 (the session works on each of them)', async () => {
    const failures: string[] = [];
    for (const route of guarded().filter((r) => r.method === 'GET')) {
      const res = await call(route, { cookie: owner });
      if (res.status === 401 || res.status >= 500) failures.push(`${label(route)} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses every write by a viewer with 403, before reading the input', async () => {
    const writes = guarded().filter((route) => route.method !== 'GET' && route.path.startsWith('/api/'));
    expect(writes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of writes) {
      const res = await call(route, { cookie: viewer });
      const body = (await res.json()) as { message?: string };
      if (res.status !== 403 || !/read-only/.test(body.message ?? '')) failures.push(`${label(route)} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('the integration API (/api/v1)', () => {
  const integration = () => routes.filter(isIntegration);

  async function createKey(): Promise<{ id: number; key: string }> {
    const res = await recur.app.request('/api/api-keys', {
      method: 'POST',
      headers: { cookie: owner, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `route test ${Math.random()}` }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; key: string };
  }

  it('refuses a missing, unknown, malformed or revoked key with 401, and takes a live key', async () => {
    expect(integration().length).toBeGreaterThan(0);
    const live = await createKey();
    const revoked = await createKey();
    const del = await recur.app.request(`/api/api-keys/${revoked.id}`, { method: 'DELETE', headers: { cookie: owner } });
    expect(del.status).toBe(200);

    const failures: string[] = [];
    for (const route of integration()) {
      const refusals: Record<string, string>[] = [
        {},
        { authorization: `Bearer ${revoked.key}` },
        { authorization: 'Bearer rk_recur_unknownkeyunknownkeyunknownkey' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        // the admin session is not a credential here
        { cookie: owner },
      ];
      for (const headers of refusals) {
        const res = await call(route, headers);
        if (res.status !== 401) failures.push(`${label(route)} with ${Object.keys(headers).join(',') || 'nothing'} → ${res.status}`);
      }
      const ok = await call(route, { authorization: `Bearer ${live.key}` });
      if (ok.status === 401 || ok.status >= 500) failures.push(`${label(route)} with a live key → ${ok.status}`);
    }
    expect(failures).toEqual([]);
  });
});
