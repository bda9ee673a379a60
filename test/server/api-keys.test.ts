import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyHash, verifyApiKey } from '../../server/auth/apiKeys';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, ApiKey, AuditLog } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { jsonRequest } from '../helpers/api';

let recur: TestRecur;
let owner: string;
let admin: string;
let viewer: string;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  const passwordHash = await hashPassword('a long enough password');
  await AdminUser.bulkCreate([
    { email: 'admin@keys.test', name: 'Admin', role: 'admin', passwordHash },
    { email: 'viewer@keys.test', name: 'Viewer', role: 'viewer', passwordHash },
  ]);
  owner = await signInCookie(recur.app);
  admin = await signInCookie(recur.app, 'admin@keys.test', 'a long enough password');
  viewer = await signInCookie(recur.app, 'viewer@keys.test', 'a long enough password');
});
afterAll(() => recur.close());

type Method = 'GET' | 'POST' | 'DELETE';
const call = (method: Method, path: string, cookie?: string, body?: unknown) => jsonRequest(recur.app, method, `/api/api-keys${path}`, { cookie, body });

const snapshot = async () => ({
  keys: (await ApiKey.findAll({ order: [['id', 'ASC']] })).map((k) => `${k.id}:${k.name}:${k.hash}:${k.revokedAt?.toISOString()}`),
  audits: await AuditLog.count({ where: { entityType: 'api_key' } }),
});

describe('/api/api-keys', () => {
  it('creates a key shown once, stores only its hash, and revokes it', async () => {
    const res = await call('POST', '', owner, { name: 'Zapier' });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.key).toMatch(/^rk_recur_[\w-]{40,}$/);
    expect(created.prefix).toBe(created.key.slice(0, created.prefix.length));
    expect(created.hash).toBeUndefined();
    const row = (await ApiKey.findByPk(created.id))!;
    expect(row.hash).toBe(apiKeyHash(created.key));
    expect(JSON.stringify(row.get())).not.toContain(created.key);

    // Never again: neither the list nor the record carries the key or its hash.
    const listed = await call('GET', '', owner);
    expect(listed.headers.get('content-range')).toBe('api-keys 0-0/1');
    const text = await listed.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(row.hash);
    const shown = await (await call('GET', `/${created.id}`, owner)).json();
    expect(shown).toMatchObject({ id: created.id, name: 'Zapier', revokedAt: null });
    expect(shown.key).toBeUndefined();

    expect((await verifyApiKey(recur.db, created.key))?.id).toBe(created.id);
    expect((await ApiKey.findByPk(created.id))!.lastUsedAt).not.toBeNull();
    expect(await verifyApiKey(recur.db, `${created.key}x`)).toBeNull();
    expect(await verifyApiKey(recur.db, 'sk_live_something')).toBeNull();

    const revoked = await call('DELETE', `/${created.id}`, owner);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revokedAt).toBeTruthy();
    expect(await verifyApiKey(recur.db, created.key)).toBeNull();
    const actions = (await AuditLog.findAll({ where: { entityType: 'api_key' }, order: [['id', 'ASC']] })).map((a) => a.action);
    expect(actions).toEqual(['api_key.create', 'api_key.revoke']);

    // Revoking twice is a conflict, and changes nothing.
    const before = await snapshot();
    expect((await call('DELETE', `/${created.id}`, owner)).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 401 without a session and 403 to admins and viewers, changing nothing', async () => {
    const before = await snapshot();
    expect((await call('GET', '')).status).toBe(401);
    expect((await call('POST', '', undefined, { name: 'x' })).status).toBe(401);
    for (const cookie of [admin, viewer]) {
      expect((await call('GET', '', cookie)).status).toBe(403);
      expect((await call('GET', '/1', cookie)).status).toBe(403);
      expect((await call('POST', '', cookie, { name: 'x' })).status).toBe(403);
      expect((await call('DELETE', '/1', cookie)).status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 for a bad name or id and 404 for an unknown key, changing nothing', async () => {
    const before = await snapshot();
    const noName = await call('POST', '', owner, { name: '  ' });
    expect(noName.status).toBe(400);
    expect((await noName.json()).errors.name).toBe('is required');
    expect((await call('POST', '', owner, { name: 'x'.repeat(81) })).status).toBe(400);
    expect((await call('POST', '', owner, '{')).status).toBe(400);
    expect((await call('DELETE', '/zero', owner)).status).toBe(400);
    expect((await call('GET', `?sort=${encodeURIComponent('["hash","ASC"]')}`, owner)).status).toBe(400);
    expect((await call('GET', '/9999', owner)).status).toBe(404);
    expect((await call('DELETE', '/9999', owner)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});
