import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILTER_VALUES } from '../../server/db/list';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

// Regressions found by fuzz.test.ts: each of these answered 500.
let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const list = (resource: string, params: Record<string, unknown>) =>
  recur.app.request(`/api/${resource}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)]))}`, { headers: { cookie } });

describe('list requests the fuzzer broke', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__defineGetter__'])('refuse a filter named %s (an Object.prototype member) with 400', async (key) => {
    for (const resource of ['plans', 'customers', 'subscriptions', 'events', 'admin-users']) {
      const res = await list(resource, { filter: { [key]: 1 } });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual({ [key]: 'cannot be filtered on' });
    }
  });

  it('refuse a NUL character in text filters with 400 naming the filter', async () => {
    for (const resource of ['plans', 'customers', 'events']) {
      const res = await list(resource, { filter: { q: 'a\u0000b' } });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual({ 'filter.q': 'must not contain NUL characters' });
    }
    const id = await list('events', { filter: { id: ['evt_\u0000'] } });
    expect(id.status).toBe(400);
  });

  it(`refuse more than ${MAX_FILTER_VALUES} values in one filter with 400, and take that many`, async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    for (const key of ['id', 'customerId']) {
      const res = await list('payments', { filter: { [key]: ids(40_000) } });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[key]).toContain(`at most ${MAX_FILTER_VALUES}`);
      expect((await list('payments', { filter: { [key]: ids(MAX_FILTER_VALUES) } })).status).toBe(200);
    }
    expect((await list('plans', { filter: { id: ids(MAX_FILTER_VALUES + 1) } })).status).toBe(400);
  });

  it('refuse a NUL character in a JSON body with 400 and change nothing', async () => {
    const res = await recur.app.request('/api/api-keys', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'key\u0000name' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual({ name: 'must not contain NUL characters' });
    const keys = await recur.app.request('/api/api-keys', { headers: { cookie } });
    expect(await keys.json()).toEqual([]);
  });
});

describe('ids beyond an INTEGER column (PostgreSQL refused to compare them)', () => {
  const HUGE = 999_999_999_999;
  it('answer 404 for one record, and an empty page or 400 in filters, never 500', async () => {
    for (const resource of ['payments', 'customers', 'subscriptions', 'invoices', 'plans', 'notifications', 'signup-forms']) {
      expect((await recur.app.request(`/api/${resource}/${HUGE}`, { headers: { cookie } })).status).toBe(404);
    }
    for (const [resource, filter] of [
      ['payments', { customerId: HUGE }],
      ['payments', { id: [HUGE] }],
      ['subscriptions', { planId: HUGE }],
      ['invoices', { customerId: HUGE }],
      ['notifications', { customerId: HUGE }],
      ['events', { customerId: HUGE }],
    ] as const) {
      const res = await list(resource, { filter });
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(await res.json()).toEqual([]);
    }
  });
});
