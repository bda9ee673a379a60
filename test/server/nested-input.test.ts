import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../shared/json';
import { fingerprint } from '../helpers/fingerprint';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { deliver } from '../helpers/webhooks';

/**
 * Issue 13: a list filter of 7,000 nested arrays answered 500 (the validator's walk overflowed the
 * stack) and 6,000 levels took 0.85 s of CPU. Depth is now bounded on the text, before parsing.
 */
let recur: TestRecur;
let cookie: string;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  cookie = await signInCookie(recur.app);
});
afterAll(() => recur.close());

const arrays = (levels: number, inner = '1') => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const TOO_DEEP = `nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep`;

const list = (resource: string, params: Record<string, string>) =>
  recur.app.request(`/api/${resource}?${new URLSearchParams(params)}`, { headers: { cookie } });

describe('list parameters nested thousands deep', () => {
  it.each([6_000, 7_000, 100_000])('filter={"id": %i levels of arrays} → 400 naming the filter', async (levels) => {
    for (const resource of ['payments', 'customers', 'events', 'plans']) {
      const res = await list(resource, { filter: `{"id":${arrays(levels)}}` });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.message).toBe(`Invalid list query: filter ${TOO_DEEP}`);
      expect(body.errors).toEqual({ filter: TOO_DEEP });
    }
  });

  it('sort and range too, with objects as well as arrays', async () => {
    const cases: Record<string, string>[] = [
      { sort: arrays(7_000, '"id"') },
      { range: arrays(7_000) },
      { filter: objects(7_000) },
      { filter: `{"status":${objects(7_000)}}` },
    ];
    for (const params of cases) {
      const res = await list('payments', params);
      expect(res.status).toBe(400);
      expect(Object.values((await res.json()).errors)).toEqual([TOO_DEEP]);
    }
  });

  it(`takes a filter ${MAX_JSON_DEPTH} levels deep to its normal check`, async () => {
    // The filter object is level 1: q's arrays may nest 31 more before the text is refused.
    const res = await list('customers', { filter: `{"q":${arrays(MAX_JSON_DEPTH - 1, '"x"')}}` });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual({ q: 'must be text of at most 200 characters' });
  });
});

describe('JSON bodies nested thousands deep', () => {
  const send = (method: string, path: string, body: string) =>
    recur.app.request(path, { method, body, headers: { cookie, 'content-type': 'application/json' } });

  it('are refused with 400 on writes, actions that take no input, and the login, and change nothing', async () => {
    const before = await fingerprint(recur.db.sequelize);
    const plans = (await (await list('plans', {})).json()) as { id: number }[];
    const paths: [string, string][] = [
      ['POST', '/api/plans'],
      ['POST', '/api/api-keys'],
      ['PUT', `/api/plans/${plans[0]?.id ?? 1}`],
      ['POST', '/api/payments/1/retry'],
      ['POST', '/api/auth/login'],
      ['POST', '/api/coupons'],
    ];
    for (const [method, path] of paths) {
      // The login takes 8 KiB: its bodies are as deep as fits.
      const bodies = path === '/api/auth/login' ? [arrays(4_000), objects(1_300)] : [arrays(7_000), objects(7_000), `{"name":${arrays(50_000)}}`];
      for (const body of bodies) {
        const res = await send(method, path, body);
        expect(res.status, `${method} ${path}`).toBe(400);
        expect((await res.json()).message).toBe(`The request body ${TOO_DEEP}`);
      }
    }
    expect(await fingerprint(recur.db.sequelize)).toEqual(before);
  });

  it('a signed webhook nested thousands deep is refused before it is stored', async () => {
    const before = await fingerprint(recur.db.sequelize);
    const payload = `{"id":"evt_deep","object":"event","type":"customer.updated","data":{"object":{"id":"cus_1","object":"customer","metadata":${objects(7_000)}}}}`;
    const res = await deliver(recur, payload);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe(`The webhook body ${TOO_DEEP}`);
    expect(await fingerprint(recur.db.sequelize)).toEqual(before);
  });
});
