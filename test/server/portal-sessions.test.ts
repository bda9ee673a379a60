import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Plan, PortalToken } from '../../server/db/models';
import { digest } from '../../server/portal/digest';
import { issueToken } from '../../server/portal/tokens';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { createApiKey } from '../helpers/apiKeys';
import { local, signUpThroughLink, v1 } from '../helpers/signupLink';

// Portal sessions for apps (DESIGN §3.2): single use, 15 minutes, opens the portal signed in, as
// Stripe's billing portal sessions do (docs.stripe.com/api/customer_portal/sessions/create:
// "a short-lived URL ... that will expire if unused"), with a link back to the app.

let recur: TestRecur;
let writer: string;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  const cookie = await signInCookie(recur.app);
  writer = await createApiKey(recur.app, cookie, 'the app', ['write']);
  const link = await (await v1(recur, writer, 'POST', '/signup-links', { externalId: 'app-user-7', email: 'portal-user@example.com' })).json();
  const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  await signUpThroughLink(recur, link.url, { plan: String(gold.id) });
  await eventually(() => Customer.findOne({ where: { externalId: 'app-user-7' } }));
  await signUp(recur, 'Gold Monthly', 'by-email@example.com');
  await settle(recur);
});
afterAll(() => recur.close());

const createSession = (body: unknown) => v1(recur, writer, 'POST', '/portal-sessions', body);
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

describe('POST /api/v1/portal-sessions', () => {
  it('opens the portal signed in, once, with a link back to the app', async () => {
    const res = await createSession({ externalId: 'app-user-7', returnUrl: 'https://app.example.com/account?tab=billing' });
    expect(res.status).toBe(201);
    const { url, expiresAt } = await res.json();
    expect(url).toMatch(new RegExp(`^${recur.baseUrl}/portal/session\\?token=[\\w-]{43}$`));
    const ttl = new Date(expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const opened = await recur.app.request(local(url));
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/portal');
    const portal = await recur.app.request('/portal', { headers: { cookie: cookieOf(opened) } });
    expect(portal.status).toBe(200);
    const html = await portal.text();
    expect(html).toContain('portal-user@example.com');
    expect(html).toContain('Gold Monthly');
    expect(html).toMatch(
      /<a href="https:\/\/app\.example\.com\/account\?tab=billing" rel="noopener noreferrer" data-back-to-app="true">Back to app\.example\.com<\/a>/,
    );

    // Who signed whom in stays on record.
    const customer = (await Customer.findOne({ where: { externalId: 'app-user-7' } }))!;
    const entry = await AuditLog.findOne({ where: { action: 'portal_session.create', entityId: String(customer.id) } });
    expect(entry?.actor).toMatch(/^API key the app \(rk_recur_/);

    const twice = await recur.app.request(local(url));
    expect(twice.status).toBe(410);
    expect(twice.headers.get('set-cookie')).toBeNull();
    const text = await twice.text();
    expect(text).toContain('already used');
    expect(text).toContain('href="https://app.example.com/account?tab=billing"');
  });

  it('finds the customer by e-mail too; without returnUrl the portal has no back link', async () => {
    const { url } = await (await createSession({ email: 'By-Email@example.com' })).json();
    const opened = await recur.app.request(local(url));
    expect(opened.status).toBe(303);
    const html = await (await recur.app.request('/portal', { headers: { cookie: cookieOf(opened) } })).text();
    expect(html).toContain('by-email@example.com');
    expect(html).not.toContain('data-back-to-app');
  });

  it('refuses an expired, tampered or e-mailed sign-in token, signing nobody in', async () => {
    const { url } = await (await createSession({ externalId: 'app-user-7' })).json();
    const token = new URL(url).searchParams.get('token')!;
    await PortalToken.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { tokenHash: digest(token) } });
    const expired = await recur.app.request(local(url));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');

    const fresh = new URL((await (await createSession({ externalId: 'app-user-7' })).json()).url).searchParams.get('token')!;
    const tampered = `${fresh.slice(0, -1)}${fresh.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [tampered, 'short', '']) {
      const res = await recur.app.request(`/portal/session?token=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    // An e-mailed sign-in link's token keeps its confirm step: this route does not spend it.
    const customer = (await Customer.findOne({ where: { externalId: 'app-user-7' } }))!;
    const emailed = await issueToken(recur.db, customer.id, 'magic_link', 15);
    expect((await recur.app.request(`/portal/session?token=${emailed}`)).status).toBe(400);
    expect((await PortalToken.findOne({ where: { tokenHash: digest(emailed) } }))!.usedAt).toBeNull();
  });

  it('answers 404 for an unknown externalId or e-mail, and 400 naming the field for bad bodies', async () => {
    expect((await createSession({ externalId: 'nobody-at-all' })).status).toBe(404);
    expect((await createSession({ email: 'nobody@example.com' })).status).toBe(404);
    const cases: [unknown, string][] = [
      [{}, 'externalId'],
      [{ externalId: 'app-user-7', email: 'portal-user@example.com' }, 'externalId'],
      [{ externalId: 'app-user-7', returnUrl: 'javascript:alert(1)' }, 'returnUrl'],
      [{ externalId: 'app-user-7', returnUrl: 'ftp://files.example.com/' }, 'returnUrl'],
      [{ externalId: 'app-user-7', returnUrl: 'https://user:pw@app.example.com/' }, 'returnUrl'],
      [{ externalId: 'app-user-7', returnUrl: '/relative' }, 'returnUrl'],
      [{ externalId: 'app-user-7', returnUrl: `https://app.example.com/${'a'.repeat(2100)}` }, 'returnUrl'],
      [{ externalId: 'app-user-7', expiresIn: 60 }, 'expiresIn'],
      [{ email: 42 }, 'email'],
    ];
    for (const [body, field] of cases) {
      const res = await createSession(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys((await res.json()).errors), JSON.stringify(body)).toContain(field);
    }
  });
});
