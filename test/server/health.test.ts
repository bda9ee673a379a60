import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
});
afterAll(() => recur.close());

it('GET /healthz reports the database and the Stripe mode', async () => {
  const res = await recur.app.request('/healthz');
  expect(res.status).toBe(200);
  // The contract's {ok, db, stripe}, and the API version Recur reads (README, "Pointing Recur at real Stripe").
  expect(await res.json()).toEqual({ ok: true, db: 'ok', stripe: 'emulator', apiVersion: '2026-10-28.endive', otherEventApiVersions: [] });
});

it('sets security headers on every response', async () => {
  const res = await recur.app.request('/healthz');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  // Framing is each page's own policy (signup forms are embeddable); security-headers.test.ts has the details.
  expect(res.headers.get('content-security-policy')).toBeTruthy();
  // The signup pages are embeddable (the admin's iframe snippet): any site may frame them.
  const signup = await recur.app.request('/signup');
  expect(signup.headers.get('x-content-type-options')).toBe('nosniff');
  expect(signup.headers.get('x-frame-options')).toBeNull();
  expect(signup.headers.get('content-security-policy')).toContain('frame-ancestors *');
});
