import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

/** The directive's sources, or undefined when the policy lacks it. */
function directive(csp: string, name: string): string[] | undefined {
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1);
}

function expectCommonHeaders(res: Response): string {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
  const csp = res.headers.get('content-security-policy');
  expect(csp).toBeTruthy();
  return csp!;
}

function expectFramingDenied(res: Response, csp: string): void {
  expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
}

function expectNoScriptFromElsewhere(csp: string): void {
  const scripts = directive(csp, 'script-src') ?? directive(csp, 'default-src');
  expect(scripts).toBeDefined();
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain('*');
  expect(directive(csp, 'object-src')).toEqual(["'none'"]);
}

describe('security headers', () => {
  it('on the admin app: a CSP allowing only its own scripts, no framing, nosniff, a referrer policy', async () => {
    const res = await recur.app.request('/admin/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = expectCommonHeaders(res);
    expectNoScriptFromElsewhere(csp);
    expectFramingDenied(res, csp);
  });

  it('on the admin’s client routes and its built assets too', async () => {
    for (const path of ['/admin/payments', '/admin/index.html']) {
      const res = await recur.app.request(path);
      expect(res.status).toBe(200);
      expectFramingDenied(res, expectCommonHeaders(res));
    }
  });

  it('on the 404 page and API answers: no framing either', async () => {
    for (const path of ['/no-such-page', '/api/plans', '/healthz']) {
      const res = await recur.app.request(path);
      expect([200, 401, 404]).toContain(res.status);
      expectFramingDenied(res, expectCommonHeaders(res));
    }
  });

  it('on the signup pages: a CSP, nosniff and a referrer policy (framing is theirs to allow: forms are embeddable)', async () => {
    for (const path of ['/signup', '/signup/default', '/signup/no-such-form']) {
      const res = await recur.app.request(path);
      expect(res.headers.get('content-type')).toContain('text/html');
      expectCommonHeaders(res);
    }
  });
});
