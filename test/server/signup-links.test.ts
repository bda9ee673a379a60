import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEvent, Customer, PendingSignup, Plan, SignupLink } from '../../server/db/models';
import { digest } from '../../server/portal/digest';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { signUp } from '../helpers/signup';
import { createApiKey } from '../helpers/apiKeys';
import { local, prefilled, signUpThroughLink, v1 } from '../helpers/signupLink';

// Linked accounts (DESIGN §3.2): an app makes a signup link for one of its users; the Checkout
// completed through it links the customer to the app's user id, with a `customer.linked` event
// delivered (as `subscription.created` is) to the app's webhook endpoint.

let recur: TestRecur;
let cookie: string;
let writer: string;
let reader: string;
let gold: Plan;
let receiver: Receiver;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  cookie = await signInCookie(recur.app);
  writer = await createApiKey(recur.app, cookie, 'the app', ['read', 'write']);
  reader = await createApiKey(recur.app, cookie, 'read only', ['read']);
  gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  // The app's webhook endpoint, as an owner adds it in the admin.
  receiver = await startReceiver();
  const endpoint = await recur.app.request('/api/webhook-endpoints', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ url: receiver.url, events: ['customer.linked', 'subscription.created'] }),
  });
  receiver.secret = ((await endpoint.json()) as { secret: string }).secret;
});
afterAll(async () => {
  await recur.close();
  await receiver.close();
});

const makeLink = (body: unknown, key = writer) => v1(recur, key, 'POST', '/signup-links', body);
const linkedEvents = async (externalId: string) =>
  (await AppEvent.findAll({ where: { type: 'customer.linked' } })).filter((e) => e.data.externalId === externalId);

describe('POST /api/v1/signup-links', () => {
  it('signup link → Checkout → customer linked, customer.linked written, lookups by externalId', async () => {
    const res = await makeLink({ externalId: 'user_42', email: 'Linked@Example.com', name: 'Ada Linked', planId: gold.id });
    expect(res.status).toBe(201);
    const { url, expiresAt } = await res.json();
    expect(url).toMatch(new RegExp(`^${recur.baseUrl}/signup/default\\?link=[\\w-]{43}$`));
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    const page = await recur.app.request(local(url));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const shown = prefilled(await page.text());
    expect(shown).toMatchObject({ email: 'linked@example.com', name: 'Ada Linked', plan: String(gold.id), link: new URL(url).searchParams.get('link') });

    await signUpThroughLink(recur, url);
    const customer = await eventually(() => Customer.findOne({ where: { externalId: 'user_42' } }));
    expect(customer.email).toBe('linked@example.com');
    const [event, ...more] = await linkedEvents('user_42');
    expect(more).toHaveLength(0);
    expect(event!.data).toMatchObject({
      customerId: customer.id,
      externalId: 'user_42',
      email: 'linked@example.com',
      stripeCustomerId: customer.stripeCustomerId,
    });
    // The link records whom it linked and is spent.
    expect(await SignupLink.findOne({ where: { externalId: 'user_42' } })).toMatchObject({ customerId: customer.id });

    await settle(recur);
    // The outgoing webhooks' own event for the new subscription, about the same customer.
    // Both delivered to the app's endpoint, each verified with standardwebhooks.
    const delivered = await eventually(async () => {
      const mine = receiver.received.filter((r) => r.body?.data.customerId === customer.id);
      const types = mine.map((r) => r.body!.type);
      return types.includes('customer.linked') && types.includes('subscription.created') ? mine : null;
    });
    expect(delivered.every((r) => r.verifyError === null)).toBe(true);
    expect(delivered.find((r) => r.body!.type === 'customer.linked')!.body!.data).toMatchObject({ externalId: 'user_42', email: 'linked@example.com' });
    const answer = await v1(recur, reader, 'GET', '/users/user_42/subscription');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ email: 'linked@example.com', plan: { id: gold.id }, status: 'active', access: { entitled: true } });
    // The admin's customers list filters by it.
    const list = await recur.app.request(`/api/customers?filter=${encodeURIComponent(JSON.stringify({ externalId: 'user_42' }))}`, { headers: { cookie } });
    expect((await list.json()).map((c: { id: number; externalId: string }) => [c.id, c.externalId])).toEqual([[customer.id, 'user_42']]);

    // Opened again once spent: a plain page, nothing to pay through.
    const again = await recur.app.request(local(url));
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('already used');
  });

  it('links through the webhook alone (the person closed the tab before the done page)', async () => {
    const { url } = await (await makeLink({ externalId: 'user_tab_closed', planId: gold.id })).json();
    await signUpThroughLink(recur, url, { email: 'tab-closed@example.com' }, { visitDone: false });
    const customer = await eventually(() => Customer.findOne({ where: { externalId: 'user_tab_closed' } }));
    expect(customer.email).toBe('tab-closed@example.com');
    expect(await linkedEvents('user_tab_closed')).toHaveLength(1);
  });

  it('links through the done page alone (every webhook delivery lost), in the request that shows it', async () => {
    const faults = (init: RequestInit) => fetch(`${recur.emulator.url}/_emulator/faults`, { ...init, headers: { 'content-type': 'application/json' } });
    expect((await faults({ method: 'PUT', body: JSON.stringify({ deliveries: { dropRate: 1 } }) })).ok).toBe(true);
    try {
      const { url } = await (await makeLink({ externalId: 'user_no_webhooks', planId: gold.id })).json();
      await signUpThroughLink(recur, url, { email: 'no-webhooks@example.com' });
      const customer = await Customer.findOne({ where: { externalId: 'user_no_webhooks' } });
      expect(customer?.email).toBe('no-webhooks@example.com');
      expect(await linkedEvents('user_no_webhooks')).toHaveLength(1);
      // The webhooks really were lost: the done page did it alone.
      expect((await (await fetch(`${recur.emulator.url}/_emulator/faults/injected`)).json()).dropped).toBeGreaterThan(0);
    } finally {
      await faults({ method: 'DELETE' });
    }
  });

  it('keeps one open Checkout per user: a second one started through a link expires the first', async () => {
    const submit = async (url: string) => {
      const page = prefilled(await (await recur.app.request(local(url))).text());
      const res = await recur.app.request(new URL(url).pathname, {
        method: 'POST',
        body: new URLSearchParams({ plan: String(gold.id), email: 'two-tabs@example.com', name: 'Two Tabs', link: page.link! }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      return /cs_\w+/.exec(res.headers.get('location') ?? '')![0];
    };
    const first = await submit((await (await makeLink({ externalId: 'user_two_tabs' })).json()).url);
    const second = await submit((await (await makeLink({ externalId: 'user_two_tabs' })).json()).url);
    expect((await recur.stripe.checkout.sessions.retrieve(first)).status).toBe('expired');
    expect((await recur.stripe.checkout.sessions.retrieve(second)).status).toBe('open');
  });

  it('links a new customer with the e-mail the person typed over the prefilled one', async () => {
    const { url } = await (await makeLink({ externalId: 'user_edit', email: 'prefilled@example.com' })).json();
    await signUpThroughLink(recur, url, { email: 'edited@example.com', plan: String(gold.id) });
    const customer = await eventually(() => Customer.findOne({ where: { externalId: 'user_edit' } }));
    expect(customer.email).toBe('edited@example.com');
  });

  it('never links a customer found by e-mail: an app user typing someone else’s address gets a customer of their own', async () => {
    await signUp(recur, 'Gold Monthly', 'victim@example.com');
    await settle(recur);
    const victim = (await Customer.findOne({ where: { email: 'victim@example.com' } }))!;
    const { url } = await (await makeLink({ externalId: 'intruder', email: 'victim@example.com', planId: gold.id })).json();
    await signUpThroughLink(recur, url);
    const linked = await eventually(() => Customer.findOne({ where: { externalId: 'intruder' } }));
    expect(linked.id).not.toBe(victim.id);
    expect(linked.stripeCustomerId).not.toBe(victim.stripeCustomerId);
    expect((await victim.reload()).externalId).toBeNull();
  });

  it('a second link for a linked user belongs to that customer: the same Stripe customer, no second link event', async () => {
    const first = (await Customer.findOne({ where: { externalId: 'user_42' } }))!;
    const { url } = await (await makeLink({ externalId: 'user_42', planId: gold.id })).json();
    const sessionId = await signUpThroughLink(recur, url, { email: 'other-address@example.com' });
    const session = await recur.stripe.checkout.sessions.retrieve(sessionId);
    expect(session.customer).toBe(first.stripeCustomerId);
    await settle(recur);
    expect(await Customer.count({ where: { externalId: 'user_42' } })).toBe(1);
    expect(await linkedEvents('user_42')).toHaveLength(1);
    expect(await SignupLink.count({ where: { externalId: 'user_42', customerId: first.id } })).toBe(2);
  });

  it('refuses a tampered, expired or other form’s link with a clear page, and changes nothing', async () => {
    const { url } = await (await makeLink({ externalId: 'user_refused', email: 'refused@example.com', planId: gold.id })).json();
    const token = new URL(url).searchParams.get('link')!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const pendingBefore = await PendingSignup.count();
    const post = (link: string) =>
      recur.app.request('/signup/default', {
        method: 'POST',
        body: new URLSearchParams({ plan: String(gold.id), email: 'refused@example.com', name: 'Refused', link }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

    for (const bad of [tampered, 'not-a-token', '']) {
      const opened = await recur.app.request(`/signup/default?link=${encodeURIComponent(bad)}`);
      expect(opened.status).toBe(400);
      expect(await opened.text()).toContain('not valid');
      expect((await post(bad)).status).toBe(400);
    }
    // A link names its form: it is no pass to another one.
    await recur.app.request('/api/signup-forms', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'other', title: 'Other', allPlans: true }),
    });
    expect((await recur.app.request(`/signup/other?link=${token}`)).status).toBe(400);

    await SignupLink.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { tokenHash: digest(token) } });
    const expired = await recur.app.request(local(url));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');
    expect((await post(token)).status).toBe(410);
    expect(await PendingSignup.count()).toBe(pendingBefore);
    expect(await Customer.count({ where: { externalId: 'user_refused' } })).toBe(0);
  });
});

describe('signup links: what the API refuses', () => {
  it('a read-only key gets 403 naming the write scope, on both POSTs', async () => {
    for (const [path, body] of [
      ['/signup-links', { externalId: 'x' }],
      ['/portal-sessions', { externalId: 'x' }],
    ] as const) {
      const res = await v1(recur, reader, 'POST', path, body);
      expect(res.status).toBe(403);
      expect((await res.json()).message).toContain('"write"');
    }
  });

  it('bad bodies are 400 with the field named', async () => {
    const addon = await (
      await recur.app.request('/api/plans', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ tier: 'gold', currency: 'usd', interval: 'month', name: 'Link add-on', kind: 'addon', amount: 300 }),
      })
    ).json();
    const archived = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
    await recur.app.request(`/api/plans/${archived.id}`, { method: 'DELETE', headers: { cookie } });
    const cases: [unknown, string, RegExp?][] = [
      [{}, 'externalId'],
      [{ externalId: 'has space' }, 'externalId'],
      [{ externalId: 'x'.repeat(256) }, 'externalId'],
      [{ externalId: 'u1', extra: true }, 'extra'],
      [{ externalId: 'u1', email: 'not-an-email' }, 'email'],
      [{ externalId: 'u1', planId: '1' }, 'planId'],
      [{ externalId: 'u1', planId: 999_999 }, 'planId', /is not a plan/],
      [{ externalId: 'u1', planId: addon.id }, 'planId', /add-on/],
      [{ externalId: 'u1', planId: archived.id }, 'planId', /archived/],
      [{ externalId: 'u1', form: 'no-such-form' }, 'form'],
      [{ externalId: 'u1', form: 'Bad Slug!' }, 'form'],
    ];
    for (const [body, field, message] of cases) {
      const res = await makeLink(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const answer = await res.json();
      expect(Object.keys(answer.errors), JSON.stringify(body)).toContain(field);
      if (message) expect(answer.errors[field]).toMatch(message);
    }
    expect((await makeLink('{"externalId":')).status).toBe(400);
    expect((await makeLink('[]')).status).toBe(400);
  });

  it('answers 404 for an unknown externalId and 400 for a malformed one', async () => {
    const res = await v1(recur, reader, 'GET', '/users/nobody_here/subscription');
    expect(res.status).toBe(404);
    expect((await res.json()).message).toContain('nobody_here');
    expect((await v1(recur, reader, 'GET', `/users/${encodeURIComponent('a b')}/subscription`)).status).toBe(400);
  });
});
