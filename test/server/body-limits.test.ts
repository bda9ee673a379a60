import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_API_BYTES,
  MAX_LOGIN_BYTES,
  MAX_OTHER_BYTES,
  MAX_PORTAL_BYTES,
  MAX_SIGNUP_BYTES,
  MAX_V1_BYTES,
  MAX_WEBHOOK_BYTES,
} from '../../server/http/bodyLimits';
import { fingerprint } from '../helpers/fingerprint';
import { type RawOutcome, sendHuge } from '../helpers/rawHttp';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

/**
 * Every route has a body limit, enforced before the body is read (issue 13: a 150 MB login pushed
 * the server to 600 MB, a 600 MB webhook to 1.3 GB and a 500).
 */
let recur: TestRecur;
let cookie: string;
let port: number;
beforeAll(async () => {
  recur = await startTestRecur();
  port = Number(new URL(await recur.listen()).port);
  cookie = await signInCookie(recur.app);
}, 120_000);
afterAll(() => recur.close());

const MB = 1_000_000;

async function post(path: string, body: string, contentType = 'application/json', withCookie = true): Promise<Response> {
  return recur.app.request(path, { method: 'POST', body, headers: { 'content-type': contentType, ...(withCookie ? { cookie } : {}) } });
}

/** The body's bytes: one over the limit is refused, the limit itself is not. */
const jsonOf = (bytes: number) => `{"pad":"${'x'.repeat(bytes - 10)}"}`;

describe('each route’s limit', () => {
  it.each([
    ['/api/plans', MAX_API_BYTES],
    ['/api/v1/signup-links', MAX_V1_BYTES],
    ['/api/auth/login', MAX_LOGIN_BYTES],
    ['/webhooks/stripe', MAX_WEBHOOK_BYTES],
    ['/healthz', MAX_OTHER_BYTES],
    ['/no-such-route', MAX_OTHER_BYTES],
  ])('POST %s: one byte over %i is 413 with a JSON message, and changes nothing', async (path, limit) => {
    const before = await fingerprint(recur.db.sequelize);
    const res = await post(path, jsonOf(limit + 1));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json()).message).toBe(
      `The request body is too large: this route takes at most ${limit} bytes (${limit >= 1 << 20 ? `${limit >> 20} MiB` : `${limit >> 10} KiB`})`,
    );
    const atLimit = await post(path, jsonOf(limit));
    expect(atLimit.status).not.toBe(413);
    expect(atLimit.status).toBeLessThan(500);
    expect(await fingerprint(recur.db.sequelize)).toEqual(before);
  });

  it.each([
    ['/signup', MAX_SIGNUP_BYTES],
    ['/signup/default', MAX_SIGNUP_BYTES],
    ['/portal/login', MAX_PORTAL_BYTES],
  ])('POST %s: over %i bytes is 413 with an HTML page', async (path, limit) => {
    const res = await post(path, `email=${'a'.repeat(limit)}`, 'application/x-www-form-urlencoded', false);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toContain('<h1>Too much data</h1>');
    expect(page).toContain(`at most ${limit >> 10} KiB`);
  });

  it('keeps an embedded signup form’s framing policy on its 413 page', async () => {
    const res = await post('/signup', `email=${'a'.repeat(MAX_SIGNUP_BYTES)}`, 'application/x-www-form-urlencoded', false);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });
});

describe('the largest valid bodies fit', () => {
  // In a non-Latin script a character is 3 bytes of UTF-8: these are the bodies the limits were sized for.
  const WIDE = '界';

  it('an e-mail template edited to its longest, sent back whole as react-admin does', async () => {
    const list = await recur.app.request('/api/email-templates', { headers: { cookie } });
    const [template] = (await list.json()) as { id: number }[];
    const record = await (await recur.app.request(`/api/email-templates/${template!.id}`, { headers: { cookie } })).json();
    const body = JSON.stringify({ ...record, subject: WIDE.repeat(200), textBody: WIDE.repeat(20_000), htmlBody: WIDE.repeat(50_000) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(200_000);
    const res = await recur.app.request(`/api/email-templates/${template!.id}`, {
      method: 'PUT',
      body,
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
  });

  it('a signup form with 20 custom fields, each answered with 500 characters', async () => {
    const customFields = Array.from({ length: 20 }, (_, i) => ({ key: `answer${i}`, label: WIDE.repeat(80), type: 'text' }));
    const created = await post('/api/signup-forms', JSON.stringify({ slug: 'widest', title: 'Widest', allPlans: true, customFields }));
    expect(created.status).toBe(201);
    const answers = Object.fromEntries(customFields.map((field) => [field.key, WIDE.repeat(500)]));
    // No plan chosen: the form comes back with that one error, so the whole body was read and checked.
    const form = new URLSearchParams({ email: 'wide@example.com', name: WIDE.repeat(100), ...answers }).toString();
    expect(form.length).toBeGreaterThan(90_000);
    const res = await post('/signup/widest', form, 'application/x-www-form-urlencoded', false);
    expect(res.status).toBe(400);
    // The plan is the one error: every 500-character answer was read and taken.
    expect((await res.text()).match(/<p class="error">[^<]*<\/p>/g)).toEqual(['<p class="error">Choose a plan</p>']);
  });
});

/** Resident memory sampled while `work` runs: the largest growth over the start. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - start;
}

describe('huge bodies over real HTTP, memory checked', () => {
  // The server runs in this process, so its growth is this process's; the client sends from one
  // reused 1 MiB buffer. Buffered, 150 MB of JSON would add well over 150 MB (bytes, then a string).
  it('a 150 MB login with a Content-Length is refused before a byte is read', async () => {
    let outcome: RawOutcome | undefined;
    const growth = await peakGrowth(async () => (outcome = await sendHuge(port, { path: '/api/auth/login', bytes: 150 * MB })));
    expect(outcome!.status).toBe(413);
    expect(outcome!.text).toContain('at most 8192 bytes');
    expect(outcome!.sent).toBeLessThan(150 * MB);
    expect(outcome!.closed).toBe(true);
    expect(growth).toBeLessThan(100 * MB);
  });

  it('a 600 MB chunked webhook (no Content-Length) is counted as it streams and cut off past 1 MiB', async () => {
    let outcome: RawOutcome | undefined;
    const growth = await peakGrowth(
      async () => (outcome = await sendHuge(port, { path: '/webhooks/stripe', bytes: 600 * MB, chunked: true, headers: { 'stripe-signature': 't=1,v1=x' } })),
    );
    expect(outcome!.status).toBe(413);
    expect(outcome!.sent).toBeLessThan(600 * MB);
    expect(outcome!.closed).toBe(true);
    expect(growth).toBeLessThan(100 * MB);
  });

  it('a 150 MB chunked API body, and a 150 MB signup form, the same', async () => {
    for (const [path, type] of [
      ['/api/plans', 'application/json'],
      ['/signup', 'application/x-www-form-urlencoded'],
    ] as const) {
      let outcome: RawOutcome | undefined;
      const growth = await peakGrowth(
        async () => (outcome = await sendHuge(port, { path, bytes: 150 * MB, chunked: true, headers: { cookie, 'content-type': type } })),
      );
      expect(outcome!.status).toBe(413);
      expect(growth).toBeLessThan(100 * MB);
    }
  });

  it('30 oversized chunked bodies at once, on the webhook, login, signup and portal', async () => {
    const paths = ['/webhooks/stripe', '/api/auth/login', '/signup', '/portal/login', '/api/plans'];
    let outcomes: Awaited<ReturnType<typeof sendHuge>>[] = [];
    const growth = await peakGrowth(async () => {
      outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => sendHuge(port, { path: paths[i % paths.length]!, bytes: 50 * MB, chunked: true })));
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map(() => 413));
    // Each is held to its limit at most (1 MiB for a webhook) before it is refused.
    expect(growth).toBeLessThan(100 * MB);
  });

  it('still answers normally afterwards', async () => {
    const res = await fetch(`${recur.baseUrl}/healthz`);
    expect(res.status).toBe(200);
  });
});
