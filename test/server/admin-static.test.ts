import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRecur, type TestRecur } from '../helpers/recur';

/**
 * The admin app (dist/admin, built by `npm run build`, which `npm test` runs first). Issue 13: a
 * missing asset was answered with index.html and a 200, which a script tag would run as code.
 */
let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
});
afterAll(() => recur.close());

const get = (path: string, accept?: string) => recur.app.request(path, accept ? { headers: { accept } } : {});

describe('the admin app’s files', () => {
  it('serves a built asset as itself', async () => {
    const script = readdirSync(resolve('dist/admin/assets')).find((name) => name.endsWith('.js'))!;
    const res = await get(`/admin/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it.each(['/admin/assets/nope.js', '/admin/assets/nope.css', '/admin/favicon.ico', '/admin/deep/path/missing.map'])(
    'answers a missing file %s with 404, not the app',
    async (path) => {
      const res = await get(path, '*/*');
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('<!doctype html');
    },
  );

  it.each([
    ['/admin/', undefined],
    ['/admin/payments', undefined],
    ['/admin/customers/12/show', 'text/html'],
    ['/admin/report.v2', 'text/html,application/xhtml+xml'],
  ])('answers a navigation to %s with the app (client routing)', async (path, accept) => {
    const res = await get(path, accept);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});
