import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../server/db/models';
import { OWNER_EMAIL, OWNER_PASSWORD, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

/** OWASP's Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 iterations, 1 degree of parallelism. */
const OWASP = { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 };

interface Phc {
  algorithm: string;
  version: number;
  m: number;
  t: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (the PHC string format, unpadded base64). */
function decodePhc(phc: string): Phc {
  const match = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) throw new Error(`not a PHC argon2 string: ${phc.slice(0, 20)}…`);
  const [, algorithm, version, m, t, p, salt, hash] = match;
  return {
    algorithm: algorithm!,
    version: Number(version),
    m: Number(m),
    t: Number(t),
    p: Number(p),
    salt: Buffer.from(salt!, 'base64'),
    hash: Buffer.from(hash!, 'base64'),
  };
}

describe.each([
  ['http', undefined],
  ['https', 'https://billing.example.com'],
])('behind %s', (scheme, publicUrl) => {
  let recur: TestRecur;
  beforeAll(async () => {
    recur = await startTestRecur({ seed: false, publicUrl });
  });
  afterAll(() => recur.close());

  it(`sets the session cookie HttpOnly, SameSite=Lax, Path=/${scheme === 'https' ? ', Secure' : ', not Secure (browsers would drop it on http)'}`, async () => {
    const res = await recur.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: OWNER_EMAIL, password: OWNER_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const attributes = (res.headers.get('set-cookie') ?? '').split(';').map((part) => part.trim());
    expect(attributes[0]).toMatch(/^recur_session=[\w-]{40,}$/);
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Lax');
    expect(attributes).toContain('Path=/');
    expect(attributes.includes('Secure')).toBe(scheme === 'https');
    expect(attributes.some((a) => /^Max-Age=\d+$/.test(a))).toBe(true);
  });

  it('ends the session on the server at logout: the old cookie no longer works anywhere', async () => {
    const cookie = await signInCookie(recur.app);
    expect((await recur.app.request('/api/plans', { headers: { cookie } })).status).toBe(200);
    const sessions = await Session.count();
    const out = await recur.app.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/recur_session=;.*Max-Age=0/);
    expect(await Session.count()).toBe(sessions - 1);
    // Replaying the cookie (as someone who copied it would) is refused.
    expect((await recur.app.request('/api/plans', { headers: { cookie } })).status).toBe(401);
    expect((await recur.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });
});

describe('stored passwords', () => {
  let recur: TestRecur;
  beforeAll(async () => {
    recur = await startTestRecur({ seed: false });
  });
  afterAll(() => recur.close());

  it("are argon2id at OWASP's parameters or stronger, salted per user, for the seeded owner and users created in the admin", async () => {
    const owner = await signInCookie(recur.app);
    for (const email of ['one@pw.test', 'two@pw.test']) {
      const res = await recur.app.request('/api/admin-users', {
        method: 'POST',
        headers: { cookie: owner, 'content-type': 'application/json' },
        // the same password twice: the stored hashes must still differ (random salts)
        body: JSON.stringify({ email, name: 'Same password', role: 'admin', password: 'the very same password' }),
      });
      expect(res.status).toBe(201);
    }
    const rows = await recur.db.sequelize.query<{ email: string; password_hash: string }>('SELECT email, password_hash FROM admin_users', {
      type: QueryTypes.SELECT,
    });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const phc = decodePhc(row.password_hash);
      expect(phc.algorithm).toBe('argon2id');
      expect(phc.version).toBe(19);
      expect(phc.m).toBeGreaterThanOrEqual(OWASP.memoryKiB);
      expect(phc.t).toBeGreaterThanOrEqual(OWASP.iterations);
      expect(phc.p).toBe(OWASP.parallelism);
      expect(phc.salt.length).toBeGreaterThanOrEqual(16);
      expect(phc.hash.length).toBeGreaterThanOrEqual(32);
      expect(row.password_hash).not.toContain('the very same password');
    }
    const same = rows.filter((r) => r.email.endsWith('@pw.test')).map((r) => r.password_hash);
    expect(new Set(same).size).toBe(2);
  });
});
