import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, Plan } from '../../server/db/models';
import type { ApiKeyScope } from '../../shared/apiKeys';
import { createApiKey } from '../helpers/apiKeys';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// API keys carry scopes (DESIGN §3.2): `read` asks about users, `write` makes signup links and portal sessions.

let recur: TestRecur;
let cookie: string;
let goldId: number;
beforeAll(async () => {
  recur = await startTestRecur();
  // Listening: the emulator delivers the signup's events over HTTP.
  await recur.listen();
  cookie = await signInCookie(recur.app);
  goldId = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!.id;
  await signUp(recur, 'Gold Monthly', 'member@example.com');
  await settle(recur);
});
afterAll(() => recur.close());

const admin = (method: string, path: string, body?: unknown) =>
  recur.app.request(`/api/api-keys${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

const v1 = (key: string, method: 'GET' | 'POST', path: string, body?: unknown) =>
  recur.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('creating keys with scopes (POST /api/api-keys)', () => {
  it('gives a key `read` alone unless told otherwise, and shows the scopes in the list and the record', async () => {
    const made: Record<string, ApiKeyScope[] | undefined> = { 'default key': undefined, reader: ['read'], writer: ['write'], both: ['read', 'write'] };
    for (const [name, scopes] of Object.entries(made)) {
      const res = await admin('POST', '', scopes ? { name, scopes } : { name });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { id: number; scopes: string[] };
      expect(created.scopes).toEqual(scopes ?? ['read']);
      expect(((await (await admin('GET', `/${created.id}`)).json()) as { scopes: string[] }).scopes).toEqual(scopes ?? ['read']);
    }
    const listed = (await (await admin('GET', '')).json()) as { name: string; scopes: string[] }[];
    expect(Object.fromEntries(listed.map((key) => [key.name, key.scopes]))).toEqual({
      'default key': ['read'],
      reader: ['read'],
      writer: ['write'],
      both: ['read', 'write'],
    });
  });

  it('refuses an unknown, empty, repeated or malformed scope list with 400 naming `scopes`, creating nothing', async () => {
    const before = await ApiKey.count();
    for (const scopes of [['admin'], [], ['read', 'read'], 'read', ['READ'], [null], ['read', 'write', 'read'], null]) {
      const res = await admin('POST', '', { name: 'refused', scopes });
      expect(res.status, JSON.stringify(scopes)).toBe(400);
      const { errors } = (await res.json()) as { errors: Record<string, string> };
      expect(
        Object.keys(errors).some((field) => field.startsWith('scopes')),
        JSON.stringify(errors),
      ).toBe(true);
    }
    expect(await ApiKey.count()).toBe(before);
  });
});

describe('what each scope may call', () => {
  const reads = ['/customers/member%40example.com/subscription', '/customers/member%40example.com/entitlements'];
  const writes = () =>
    [
      ['/signup-links', { externalId: 'user_7', email: 'new@example.com', planId: goldId }],
      ['/portal-sessions', { email: 'member@example.com' }],
    ] as const;

  it('a read key is answered on read routes and refused with 403 naming `write` on write routes', async () => {
    const key = await createApiKey(recur.app, cookie, 'read only', ['read']);
    for (const path of reads) expect((await v1(key, 'GET', path)).status, path).toBe(200);
    for (const [path, body] of writes()) {
      const res = await v1(key, 'POST', path, body);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/lacks the "write" scope/);
    }
  });

  it('a write key is refused with 403 naming `read` on read routes and answered on write routes', async () => {
    const key = await createApiKey(recur.app, cookie, 'write only', ['write']);
    for (const path of reads) {
      const res = await v1(key, 'GET', path);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/lacks the "read" scope/);
    }
    for (const [path, body] of writes()) expect((await v1(key, 'POST', path, body)).status, path).toBe(201);
  });

  it('a key with both is answered everywhere', async () => {
    const key = await createApiKey(recur.app, cookie, 'read and write', ['read', 'write']);
    for (const path of reads) expect((await v1(key, 'GET', path)).status, path).toBe(200);
    for (const [path, body] of writes()) expect((await v1(key, 'POST', path, body)).status, path).toBe(201);
  });
});
