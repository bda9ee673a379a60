import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANS } from '../../server/billing/catalog';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const get = (path: string) => recur.app.request(path, { headers: { cookie } });
const q = (params: Record<string, unknown>) =>
  `?${new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)]))).toString()}`;

describe('ra-data-simple-rest protocol on /api/plans', () => {
  it('lists with sort and range and reports the total in Content-Range', async () => {
    const res = await get(`/api/plans${q({ sort: ['amount', 'DESC'], range: [0, 2] })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe(`plans 0-2/${DEMO_PLANS.length}`);
    const rows = (await res.json()) as { amount: number; stripePriceId: string; intervalCount: number; trialDays: number }[];
    const amounts = DEMO_PLANS.map((p) => p.amount).sort((a, b) => b - a);
    expect(rows.map((r) => r.amount)).toEqual(amounts.slice(0, 3));
    expect(rows[0]).toHaveProperty('intervalCount');
    expect(rows[0]!.stripePriceId).toMatch(/^price_/);
  });

  it('filters, and serves getMany through filter id', async () => {
    const gold = await get(`/api/plans${q({ filter: { tier: 'gold' } })}`);
    const goldRows = (await gold.json()) as { id: number; tier: string }[];
    expect(goldRows.length).toBe(DEMO_PLANS.filter((p) => p.tier === 'gold').length);
    expect(goldRows.every((r) => r.tier === 'gold')).toBe(true);

    const ids = goldRows.map((r) => r.id);
    const many = await get(`/api/plans${q({ filter: { id: ids } })}`);
    expect(((await many.json()) as { id: number }[]).map((r) => r.id).sort()).toEqual(ids.sort());

    const search = await get(`/api/plans${q({ filter: { q: 'platinum' } })}`);
    const found = (await search.json()) as { name: string }[];
    // Case-insensitive in both dialects (PostgreSQL's LIKE is not; ILIKE is used there).
    expect(found.length).toBe(DEMO_PLANS.filter((p) => /platinum/i.test(p.name)).length);
    expect(found.every((r) => /platinum/i.test(r.name))).toBe(true);
  });

  it('covers every interval and every tier in the demo catalog', async () => {
    const rows = (await (await get(`/api/plans${q({ range: [0, 99] })}`)).json()) as { interval: string; tier: string }[];
    expect(new Set(rows.map((r) => r.interval))).toEqual(new Set(['day', 'week', 'month', 'year']));
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(['silver', 'gold', 'platinum']));
  });

  it('gets one by id, 404 for a missing one, 400 for a malformed id', async () => {
    const list = (await (await get('/api/plans')).json()) as { id: number; name: string }[];
    const one = await get(`/api/plans/${list[0]!.id}`);
    expect(await one.json()).toMatchObject({ id: list[0]!.id, name: list[0]!.name });
    expect((await get('/api/plans/999999')).status).toBe(404);
    expect((await get('/api/plans/abc')).status).toBe(400);
  });

  it.each([
    ['an unknown sort field', q({ sort: ['passwordHash', 'ASC'] }), 'Cannot sort by passwordHash'],
    ['a bad sort order', q({ sort: ['name', 'SIDEWAYS'] }), 'ASC or DESC'],
    ['malformed JSON', '?sort=[name', 'not valid JSON'],
    ['a reversed range', q({ range: [10, 2] }), 'end must not be before start'],
    ['a huge range', q({ range: [0, 1_000_000] }), 'at most'],
    ['an unknown filter', q({ filter: { secret: 1 } }), 'Unknown filter secret'],
    ['a bad filter value', q({ filter: { tier: 'diamond' } }), 'Invalid filter tier'],
    ['an injection string in a filter', q({ filter: { tier: "gold' OR 1=1 --" } }), 'Invalid filter tier'],
  ])('refuses %s with 400 and a message', async (_what, query, message) => {
    const res = await get(`/api/plans${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain(message);
  });
});

describe('the other admin resources', () => {
  it.each(['customers', 'subscriptions', 'payments'])('/api/%s speaks the same protocol', async (resource) => {
    const res = await get(`/api/${resource}${q({ sort: ['createdAt', 'DESC'], range: [0, 24], filter: {} })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toMatch(new RegExp(`^${resource} \\d+-\\d+/\\d+$`));
    expect(Array.isArray(await res.json())).toBe(true);
    expect((await get(`/api/${resource}${q({ sort: ['nope', 'ASC'] })}`)).status).toBe(400);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).message).toContain('No API route');
  });
});
