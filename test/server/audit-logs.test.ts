import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog } from '../../server/db/models';
import { OWNER_EMAIL, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let owner: string;
let admin: string;
let viewer: string;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  const passwordHash = await hashPassword('a long enough password');
  await AdminUser.bulkCreate([
    { email: 'admin@audit.test', name: 'Admin', role: 'admin', passwordHash },
    { email: 'viewer@audit.test', name: 'Viewer', role: 'viewer', passwordHash },
  ]);
  owner = await signInCookie(recur.app);
  admin = await signInCookie(recur.app, 'admin@audit.test', 'a long enough password');
  viewer = await signInCookie(recur.app, 'viewer@audit.test', 'a long enough password');
  // An audited change by the owner, so there is more than logins to filter.
  const res = await recur.app.request('/api/api-keys', {
    method: 'POST',
    headers: { cookie: owner, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'audited' }),
  });
  expect(res.status).toBe(201);
});
afterAll(() => recur.close());

const list = (query: string, cookie?: string) => recur.app.request(`/api/audit-logs${query}`, { headers: cookie ? { cookie } : {} });
const enc = (value: unknown) => encodeURIComponent(JSON.stringify(value));

describe('/api/audit-logs', () => {
  it('lists newest first for the owner and admins, with a Content-Range', async () => {
    for (const cookie of [owner, admin]) {
      const res = await list('', cookie);
      expect(res.status).toBe(200);
      const rows: { action: string; actor: string }[] = await res.json();
      expect(res.headers.get('content-range')).toBe(`audit-logs 0-${rows.length - 1}/${rows.length}`);
      expect(rows[0]).toMatchObject({ action: 'api_key.create', actor: OWNER_EMAIL });
    }
  });

  it('filters by actor, action and entity type, and searches with q', async () => {
    const byActor: { actor: string }[] = await (await list(`?filter=${enc({ actor: 'admin@audit.test' })}`, owner)).json();
    expect(byActor.map((r) => r.actor)).toEqual(['admin@audit.test']);
    const byAction: { action: string }[] = await (await list(`?filter=${enc({ action: 'auth.login' })}&sort=${enc(['createdAt', 'ASC'])}`, owner)).json();
    expect(byAction).toHaveLength(3);
    expect(byAction.every((r) => r.action === 'auth.login')).toBe(true);
    const byType: { entityType: string }[] = await (await list(`?filter=${enc({ entityType: 'api_key' })}`, owner)).json();
    expect(byType.map((r) => r.entityType)).toEqual(['api_key']);
    const searched: { actor: string }[] = await (await list(`?filter=${enc({ q: 'viewer@' })}`, owner)).json();
    expect(searched.map((r) => r.actor)).toEqual(['viewer@audit.test']);
    const one = await (await list(`?range=${enc([0, 0])}`, owner)).json();
    expect(one).toHaveLength(1);
    const entry = await (await list(`/${(await AuditLog.findOne())!.id}`, admin)).json();
    expect(entry.action).toBe('auth.login');
  });

  it('answers 401 without a session, 403 to a viewer, 400 for bad queries and 404 for unknown entries', async () => {
    expect((await list('')).status).toBe(401);
    expect((await list('', viewer)).status).toBe(403);
    expect((await list('/1', viewer)).status).toBe(403);
    expect((await list(`?sort=${enc(['details', 'ASC'])}`, owner)).status).toBe(400);
    expect((await list(`?filter=${enc({ details: 'x' })}`, owner)).status).toBe(400);
    expect((await list('?range=nope', owner)).status).toBe(400);
    expect((await list('/x', owner)).status).toBe(400);
    expect((await list('/99999', owner)).status).toBe(404);
  });

  it('is read-only', async () => {
    const before = await AuditLog.count();
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await recur.app.request(`/api/audit-logs${method === 'POST' ? '' : '/1'}`, {
        method,
        headers: { cookie: owner, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(404);
    }
    expect(await AuditLog.count()).toBe(before);
  });
});
