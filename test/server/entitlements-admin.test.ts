import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, Feature, Plan, PlanFeature } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { jsonRequest } from '../helpers/api';

// The features catalog and plans' feature values through the admin API (issue 15, DESIGN §3.2).

let recur: TestRecur;
let owner: string;
let viewer: string;
let gold: Plan;
let storage: Plan;
beforeAll(async () => {
  recur = await startTestRecur();
  owner = await signInCookie(recur.app);
  await AdminUser.create({ email: 'viewer@features.test', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('viewer password 123') });
  viewer = await signInCookie(recur.app, 'viewer@features.test', 'viewer password 123');
  gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  storage = (await Plan.findOne({ where: { name: 'Extra storage' } }))!;
});
afterAll(() => recur.close());

const call = (method: string, path: string, body?: unknown, cookie = owner) => jsonRequest(recur.app, method, path, { cookie, body });

const snapshot = async () => ({
  features: (await Feature.findAll({ order: [['id', 'ASC']] })).map((f) => f.toJSON()),
  values: (await PlanFeature.findAll({ order: [['id', 'ASC']] })).map((v) => [v.planId, v.featureId, v.value]),
});

describe('features', () => {
  it('are created, listed with the ra-data-simple-rest protocol, shown, and audited', async () => {
    for (const body of [
      { key: 'api', name: 'API access', kind: 'boolean' },
      { key: 'projects', name: 'Projects', kind: 'limit', description: 'How many projects' },
      { key: 'storage.gb', name: 'Storage (GB)', kind: 'limit', description: '  ' },
    ]) {
      const res = await call('POST', '/api/features', body);
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await res.json()).toMatchObject({ ...body, description: body.description?.trim() || null });
    }
    const list = await call('GET', `/api/features?sort=${encodeURIComponent('["key","DESC"]')}&range=[0,1]`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toBe('features 0-1/3');
    expect((await list.json()).map((f: { key: string }) => f.key)).toEqual(['storage.gb', 'projects']);
    const limits = await call('GET', `/api/features?filter=${encodeURIComponent('{"kind":"limit","q":"proj"}')}`);
    expect((await limits.json()).map((f: { key: string }) => f.key)).toEqual(['projects']);
    const api = (await Feature.findOne({ where: { key: 'api' } }))!;
    expect(await (await call('GET', `/api/features/${api.id}`)).json()).toMatchObject({ id: api.id, key: 'api', kind: 'boolean' });
    expect(await AuditLog.count({ where: { action: 'feature.create' } })).toBe(3);
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [{ key: 'API', name: 'x', kind: 'boolean' }, 'key'],
      [{ key: '1st', name: 'x', kind: 'boolean' }, 'key'],
      [{ key: 'a'.repeat(65), name: 'x', kind: 'boolean' }, 'key'],
      [{ key: 'ok', name: ' ', kind: 'boolean' }, 'name'],
      [{ key: 'ok', name: 'x', kind: 'number' }, 'kind'],
      [{ key: 'ok', name: 'x', kind: 'boolean', extra: 1 }, 'extra'],
      [{ key: 'api', name: 'Twice', kind: 'boolean' }, 'key'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/api/features', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await res.json()).errors)).toContain(field);
    }
    expect((await call('POST', '/api/features', '{')).status).toBe(400);
    expect((await call('GET', `/api/features?sort=${encodeURIComponent('["description","ASC"]')}`)).status).toBe(400);
    expect((await call('GET', `/api/features?filter=${encodeURIComponent('{"name":"x"}')}`)).status).toBe(400);
    expect((await call('GET', '/api/features/abc')).status).toBe(400);
    expect((await call('GET', '/api/features/99999')).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('are read by a viewer, never written by one', async () => {
    const before = await snapshot();
    expect((await call('GET', '/api/features', undefined, viewer)).status).toBe(200);
    expect((await call('POST', '/api/features', { key: 'v', name: 'v', kind: 'boolean' }, viewer)).status).toBe(403);
    const api = (await Feature.findOne({ where: { key: 'api' } }))!;
    expect((await call('PUT', `/api/features/${api.id}`, { name: 'x' }, viewer)).status).toBe(403);
    expect((await call('DELETE', `/api/features/${api.id}`, undefined, viewer)).status).toBe(403);
    expect((await recur.app.request('/api/features')).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});

describe("a plan's feature values", () => {
  it('are set and answered as {key: true | number}', async () => {
    const res = await call('PUT', `/api/plans/${gold.id}`, { features: { api: true, projects: 10, 'storage.gb': 0 } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).features).toEqual({ api: true, projects: 10, 'storage.gb': 0 });
    expect((await (await call('GET', `/api/plans/${gold.id}`)).json()).features).toEqual({ api: true, projects: 10, 'storage.gb': 0 });
    // An edit form sends everything back: false and null take a value away.
    const edited = await call('PUT', `/api/plans/${gold.id}`, {
      ...(await (await call('GET', `/api/plans/${gold.id}`)).json()),
      features: { api: true, projects: 12, 'storage.gb': null },
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    expect((await edited.json()).features).toEqual({ api: true, projects: 12 });
    // Without `features`, an update leaves them.
    expect((await (await call('PUT', `/api/plans/${gold.id}`, { trialDays: 0 })).json()).features).toEqual({ api: true, projects: 12 });
  });

  it('come with a new plan', async () => {
    const res = await call('POST', '/api/plans', {
      name: 'Feature Plan',
      tier: 'gold',
      amount: 500,
      currency: 'usd',
      interval: 'month',
      features: { api: false, projects: 3 },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await res.json();
    expect(body.features).toEqual({ projects: 3 });
    expect((await (await call('GET', `/api/plans/${body.id}`)).json()).features).toEqual({ projects: 3 });
  });

  it('refuse an unknown key, a value of the other kind, or a bad number with 400 naming it, and change nothing', async () => {
    const before = await snapshot();
    const plansBefore = await Plan.count();
    const cases: [unknown, RegExp][] = [
      [{ features: { nope: true } }, /nope/],
      [{ features: { projects: true } }, /projects is a limit/],
      [{ features: { projects: false } }, /projects is a limit/],
      [{ features: { api: 3 } }, /api is on or off/],
      [{ features: { projects: -1 } }, /negative/],
      [{ features: { projects: 1.5 } }, /whole/],
      [{ features: { projects: '5' } }, /./],
      [{ features: { 'Bad Key': true } }, /./],
      [{ features: [] }, /./],
    ];
    for (const [body, message] of cases) {
      const res = await call('PUT', `/api/plans/${gold.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await res.json()), JSON.stringify(body)).toMatch(message);
      const created = await call('POST', '/api/plans', { name: 'Never', tier: 'gold', amount: 500, currency: 'usd', interval: 'month', ...(body as object) });
      expect(created.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await (await call('PUT', `/api/plans/${gold.id}`, { features: { nope: true } })).json();
    expect(unknown.errors.features).toMatch(/no feature with the key nope/);
    expect(await snapshot()).toEqual(before);
    expect(await Plan.count()).toBe(plansBefore);
  });

  it('keep a feature from changing kind (409) until cleared; the key never changes', async () => {
    const projects = (await Feature.findOne({ where: { key: 'projects' } }))!;
    const res = await call('PUT', `/api/features/${projects.id}`, { kind: 'boolean' });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/Feature Plan, Gold Monthly/);
    const renamed = await call('PUT', `/api/features/${projects.id}`, { ...projects.toJSON(), key: 'projects2' });
    expect(renamed.status).toBe(400);
    expect((await renamed.json()).errors.key).toMatch(/cannot change/);
    // The record as GET shows it, sent back with a new name: accepted.
    const shown = await (await call('GET', `/api/features/${projects.id}`)).json();
    const named = await call('PUT', `/api/features/${projects.id}`, { ...shown, name: 'Projects allowed' });
    expect(named.status, await named.clone().text()).toBe(200);
    expect(await named.json()).toMatchObject({ key: 'projects', name: 'Projects allowed', kind: 'limit' });
    // storage.gb has no values any more: its kind may change.
    const storageGb = (await Feature.findOne({ where: { key: 'storage.gb' } }))!;
    expect((await call('PUT', `/api/features/${storageGb.id}`, { kind: 'boolean' })).status).toBe(200);
    expect((await call('PUT', `/api/features/${storageGb.id}`, { kind: 'limit' })).status).toBe(200);
  });

  it('keep a feature from being deleted (409) while a plan gives it a value', async () => {
    const api = (await Feature.findOne({ where: { key: 'api' } }))!;
    const refused = await call('DELETE', `/api/features/${api.id}`);
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toMatch(/Gold Monthly/);
    expect(await Feature.count({ where: { key: 'api' } })).toBe(1);
    const storageGb = (await Feature.findOne({ where: { key: 'storage.gb' } }))!;
    expect((await call('DELETE', `/api/features/${storageGb.id}`)).status).toBe(200);
    expect(await Feature.count({ where: { key: 'storage.gb' } })).toBe(0);
    expect((await call('DELETE', `/api/features/${storageGb.id}`)).status).toBe(404);
    expect(await AuditLog.count({ where: { action: 'feature.delete' } })).toBe(1);
  });

  it('take keys named like Object.prototype members as plain keys', async () => {
    expect((await call('POST', '/api/features', { key: 'constructor', name: 'Odd', kind: 'limit' })).status).toBe(201);
    const res = await call('PUT', `/api/plans/${gold.id}`, { features: { api: true, projects: 12, constructor: 2 } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).features).toEqual({ api: true, projects: 12, constructor: 2 });
    expect((await call('PUT', `/api/plans/${gold.id}`, { features: { api: true, projects: 12, toString: 1 } })).status).toBe(400);
    expect((await call('PUT', `/api/plans/${gold.id}`, { features: { api: true, projects: 12 } })).status).toBe(200);
  });

  it('on an add-on too', async () => {
    const res = await call('PUT', `/api/plans/${storage.id}`, { features: { projects: 5 } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await res.json()).features).toEqual({ projects: 5 });
  });
});
