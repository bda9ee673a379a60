import { Op } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, Session } from '../../server/db/models';
import { OWNER_EMAIL, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { jsonRequest } from '../helpers/api';

let recur: TestRecur;
let owner: string;
let admin: string;
let viewer: string;
let ownerId: number;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  owner = await signInCookie(recur.app);
  ownerId = (await AdminUser.findOne({ where: { email: OWNER_EMAIL } }))!.id;
  const passwordHash = await hashPassword('a long enough password');
  await AdminUser.bulkCreate([
    { email: 'admin@users.test', name: 'Admin', role: 'admin', passwordHash },
    { email: 'viewer@users.test', name: 'Viewer', role: 'viewer', passwordHash },
  ]);
  admin = await signInCookie(recur.app, 'admin@users.test', 'a long enough password');
  viewer = await signInCookie(recur.app, 'viewer@users.test', 'a long enough password');
});
afterAll(() => recur.close());

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = (method: Method, path: string, cookie?: string, body?: unknown) => jsonRequest(recur.app, method, `/api/admin-users${path}`, { cookie, body });

/** The table and the audit log, to show a refusal changed nothing. */
const snapshot = async () => ({
  users: (await AdminUser.findAll({ order: [['id', 'ASC']] })).map((u) => `${u.id}:${u.email}:${u.name}:${u.role}:${u.passwordHash}`),
  audits: await AuditLog.count({ where: { action: { [Op.like]: 'admin_user.%' } } }),
});

const newUser = { email: 'New.Admin@Users.test', name: 'New admin', role: 'admin', password: 'twelve chars!' };

describe('/api/admin-users', () => {
  it('lets the owner list, create, read, update and delete, auditing each change', async () => {
    const list = await call('GET', '?sort=["email","ASC"]', owner);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toBe('admin-users 0-2/3');
    const rows: Record<string, unknown>[] = await list.json();
    expect(rows.map((r) => r.email)).toEqual(['admin@users.test', OWNER_EMAIL, 'viewer@users.test']);
    expect(rows.every((r) => !('passwordHash' in r))).toBe(true);

    const created = await call('POST', '', owner, newUser);
    expect(created.status).toBe(201);
    const user = await created.json();
    expect(user).toMatchObject({ email: 'new.admin@users.test', name: 'New admin', role: 'admin' });
    expect(user.passwordHash).toBeUndefined();
    // The new user signs in with the password the owner chose.
    const cookie = await signInCookie(recur.app, 'new.admin@users.test', newUser.password);

    expect(await (await call('GET', `/${user.id}`, owner)).json()).toMatchObject({ id: user.id, role: 'admin' });
    const renamed = await call('PUT', `/${user.id}`, owner, { id: user.id, email: 'ignored@x.test', name: 'Renamed', role: 'viewer', password: '' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ email: 'new.admin@users.test', name: 'Renamed', role: 'viewer' });
    // Without a new password the old one still works, and the session lives on with the new role.
    await signInCookie(recur.app, 'new.admin@users.test', newUser.password);
    expect((await recur.app.request('/api/plans', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);

    const repassword = await call('PUT', `/${user.id}`, owner, { name: 'Renamed', role: 'viewer', password: 'another long password' });
    expect(repassword.status).toBe(200);
    expect((await recur.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
    await signInCookie(recur.app, 'new.admin@users.test', 'another long password');

    const deleted = await call('DELETE', `/${user.id}`, owner);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ id: user.id, email: 'new.admin@users.test' });
    expect(await AdminUser.findByPk(user.id)).toBeNull();
    expect(await Session.count({ where: { adminUserId: user.id } })).toBe(0);
    const actions = (await AuditLog.findAll({ where: { action: { [Op.like]: 'admin_user.%' }, entityId: String(user.id) }, order: [['id', 'ASC']] })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['admin_user.create', 'admin_user.update', 'admin_user.update', 'admin_user.delete']);
  });

  it('answers 401 without a session and 403 to admins and viewers, for reads too, changing nothing', async () => {
    const before = await snapshot();
    expect((await call('GET', '')).status).toBe(401);
    expect((await call('POST', '', undefined, newUser)).status).toBe(401);
    for (const cookie of [admin, viewer]) {
      expect((await call('GET', '', cookie)).status).toBe(403);
      expect((await call('GET', `/${ownerId}`, cookie)).status).toBe(403);
      expect((await call('POST', '', cookie, newUser)).status).toBe(403);
      expect((await call('PUT', `/${ownerId}`, cookie, { name: 'x', role: 'viewer' })).status).toBe(403);
      expect((await call('DELETE', `/${ownerId}`, cookie)).status).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 with field errors for bad input, changing nothing', async () => {
    const before = await snapshot();
    const short = await call('POST', '', owner, { ...newUser, password: 'short' });
    expect(short.status).toBe(400);
    expect((await short.json()).errors.password).toMatch(/at least 12/);
    const badRole = await call('POST', '', owner, { ...newUser, role: 'root' });
    expect((await badRole.json()).errors.role).toBeDefined();
    expect((await call('POST', '', owner, { ...newUser, email: 'not an address' })).status).toBe(400);
    expect((await call('POST', '', owner, 'not json')).status).toBe(400);
    expect((await call('PUT', `/${ownerId}`, owner, { name: 'Owner', role: 'owner', password: 'short' })).status).toBe(400);
    expect((await call('GET', '/abc', owner)).status).toBe(400);
    expect((await call('GET', '?sort=["passwordHash","ASC"]', owner)).status).toBe(400);
    expect((await call('GET', '?filter={"passwordHash":"x"}', owner)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses blank, repeated and common passwords (and ones made of the user’s own e-mail) on create and on change, field marked, changing nothing', async () => {
    const before = await snapshot();
    const admin = (await AdminUser.findOne({ where: { email: 'admin@users.test' } }))!;
    const cases: [string, RegExp][] = [
      ['            ', /^must not be blank$/],
      ['aaaaaaaaaaaa', /^is too easy to guess: repeated characters/],
      ['password1234', /^is too easy to guess: this is similar to a commonly used password/],
      ['Password1234', /^is too easy to guess/],
      ['qwertyuiop12', /^is too easy to guess/],
      ['abcabcabcabc', /^is too easy to guess: repeated character patterns/],
      ['new.admin@users.test', /^is too easy to guess/],
    ];
    for (const [password, message] of cases) {
      const created = await call('POST', '', owner, { ...newUser, password });
      expect(created.status, password).toBe(400);
      expect((await created.json()).errors.password, password).toMatch(message);
      const changed = await call('PUT', `/${admin.id}`, owner, { name: 'Admin', role: 'admin', password });
      expect(changed.status, password).toBe(400);
      const body = await changed.json();
      expect(body.errors.password, password).toMatch(message);
      expect(body.message, password).toContain('password');
    }
    expect(await snapshot()).toEqual(before);
    // A passphrase of unrelated words is fine.
    expect((await call('PUT', `/${admin.id}`, owner, { name: 'Admin', role: 'admin', password: 'velvet lantern orbit 42' })).status).toBe(200);
    await admin.update({ passwordHash: await hashPassword('a long enough password') });
  });

  it('answers 404 for an unknown user', async () => {
    const before = await snapshot();
    expect((await call('GET', '/9999', owner)).status).toBe(404);
    expect((await call('PUT', '/9999', owner, { name: 'x', role: 'admin' })).status).toBe(404);
    expect((await call('DELETE', '/9999', owner)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('answers 409 to a taken e-mail, and when the owner would delete or demote themself or remove the last owner', async () => {
    const before = await snapshot();
    const taken = await call('POST', '', owner, { ...newUser, email: 'ADMIN@users.test' });
    expect(taken.status).toBe(409);
    const self = await call('DELETE', `/${ownerId}`, owner);
    expect(self.status).toBe(409);
    expect((await self.json()).message).toMatch(/yourself/);
    const demote = await call('PUT', `/${ownerId}`, owner, { name: 'Owner', role: 'admin' });
    expect(demote.status).toBe(409);
    expect(await snapshot()).toEqual(before);
    // Renaming oneself while staying owner is fine.
    expect((await call('PUT', `/${ownerId}`, owner, { name: 'The owner', role: 'owner' })).status).toBe(200);
  });

  it('lets a second owner go, but never the last one', async () => {
    const second = await (
      await call('POST', '', owner, { email: 'second@users.test', name: 'Second', role: 'owner', password: 'second owner password' })
    ).json();
    const secondCookie = await signInCookie(recur.app, 'second@users.test', 'second owner password');
    // The second owner demotes the first; now the first may not touch the only owner left.
    expect((await call('PUT', `/${ownerId}`, secondCookie, { name: 'Owner', role: 'admin' })).status).toBe(200);
    expect((await call('DELETE', `/${second.id}`, owner)).status).toBe(403);
    const before = await snapshot();
    const last = await call('DELETE', `/${second.id}`, secondCookie);
    expect(last.status).toBe(409);
    expect(await snapshot()).toEqual(before);
    // Restore the first owner for the rest of the file.
    expect((await call('PUT', `/${ownerId}`, secondCookie, { name: 'Owner', role: 'owner' })).status).toBe(200);
    expect((await call('DELETE', `/${second.id}`, owner)).status).toBe(200);
  });
});
