import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plan } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

let recur: TestRecur;
let cookie: string;
let key: { id: number; secret: string };
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
  const res = await recur.app.request('/api/api-keys', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'the app' }),
  });
  const created = (await res.json()) as Record<string, unknown>;
  const secret = Object.values(created).find((v): v is string => typeof v === 'string' && v.startsWith('rk_recur_') && v.length > 30);
  if (!secret) throw new Error(`no secret in ${JSON.stringify(created)}`);
  key = { id: Number(created.id), secret };
});
afterAll(() => recur.close());

const ask = (email: string, authorization?: string) =>
  recur.app.request(`/api/v1/customers/${encodeURIComponent(email)}/subscription`, { headers: authorization ? { authorization } : {} });

describe('GET /api/v1/customers/:email/subscription', () => {
  it('answers plan, status, access and period end for a subscriber', async () => {
    await signUp(recur, 'Gold Monthly', 'member@example.com');
    await settle(recur);
    const res = await ask('Member@Example.com', `Bearer ${key.secret}`);
    expect(res.status).toBe(200);
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const body = await res.json();
    expect(body).toMatchObject({
      email: 'member@example.com',
      plan: { id: gold.id, name: 'Gold Monthly', tier: 'gold' },
      status: 'active',
      access: { entitled: true },
      cancelAtPeriodEnd: false,
    });
    expect(new Date(body.currentPeriodEnd).getTime()).toBeGreaterThan(Date.now());
  });

  it('answers 404 for an unknown e-mail and 400 for a malformed one', async () => {
    expect((await ask('nobody@example.com', `Bearer ${key.secret}`)).status).toBe(404);
    const bad = await ask('not-an-email', `Bearer ${key.secret}`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('e-mail');
  });

  it('refuses a missing, malformed, unknown or revoked key with 401, and ignores the admin session', async () => {
    expect((await ask('member@example.com')).status).toBe(401);
    expect((await ask('member@example.com', 'Basic abc')).status).toBe(401);
    expect((await ask('member@example.com', 'Bearer rk_recur_not_a_real_key_at_all_000000')).status).toBe(401);
    const withSession = await recur.app.request('/api/v1/customers/member%40example.com/subscription', { headers: { cookie } });
    expect(withSession.status).toBe(401);

    const revoke = await recur.app.request(`/api/api-keys/${key.id}`, { method: 'DELETE', headers: { cookie } });
    expect(revoke.status).toBe(200);
    const revoked = await ask('member@example.com', `Bearer ${key.secret}`);
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).message).toMatch(/revoked/);
  });
});
