import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, AuditLog, Customer, PendingSignup, Plan, SignupForm, SignupSubmission } from '../../server/db/models';
import { payCheckoutPage } from '../helpers/checkout';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { makeCustomer } from '../helpers/rows';
import { jsonRequest } from '../helpers/api';

let recur: TestRecur;
let baseUrl: string;
let owner: string;
let viewer: string;
let plans: Plan[];

beforeAll(async () => {
  recur = await startTestRecur();
  baseUrl = await recur.listen();
  await AdminUser.create({ email: 'viewer@forms.test', name: 'Viewer', role: 'viewer', passwordHash: await hashPassword('a long enough password') });
  owner = await signInCookie(recur.app);
  viewer = await signInCookie(recur.app, 'viewer@forms.test', 'a long enough password');
  plans = await Plan.findAll({ where: { active: true }, order: [['id', 'ASC']] });
});
afterAll(() => recur.close());

const api = (method: string, path: string, cookie: string, body?: unknown) => jsonRequest(recur.app, method, `/api/signup-forms${path}`, { cookie, body });

const postForm = (slug: string, fields: Record<string, string>) =>
  fetch(`${baseUrl}/signup/${slug}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });

function definition(overrides: Record<string, unknown> = {}) {
  return {
    slug: 'spring',
    title: 'Spring offer',
    intro: 'Subscribe this spring.\n\nCancel any time.',
    planIds: [plans[2]!.id, plans[0]!.id],
    customFields: [
      { key: 'company', label: 'Company', type: 'text', required: true },
      { key: 'heardFrom', label: 'Where did you hear of us', type: 'select', options: ['Friend', 'Search'], required: false },
      { key: 'newsletter', label: 'Send me the newsletter', type: 'checkbox' },
      { key: 'billingEmail', label: 'Billing e-mail', type: 'email' },
    ],
    successMessage: 'Welcome aboard, spring subscriber!',
    accentColor: '#AA3366',
    ...overrides,
  };
}

interface FormJson {
  id: number;
  slug: string;
  planIds: number[];
  accentColor: string;
  customFields: { key: string; options: string[]; required: boolean }[];
}

let spring: FormJson;

describe('/api/signup-forms', () => {
  it('creates a form (201), normalised, audited, listed with a Content-Range', async () => {
    const res = await api('POST', '', owner, definition());
    expect(res.status).toBe(201);
    spring = await res.json();
    expect(spring).toMatchObject({ slug: 'spring', accentColor: '#aa3366', planIds: [plans[2]!.id, plans[0]!.id], active: true, allPlans: false });
    expect(spring.customFields.map((f) => [f.key, f.required, f.options])).toEqual([
      ['company', true, []],
      ['heardFrom', false, ['Friend', 'Search']],
      ['newsletter', false, []],
      ['billingEmail', false, []],
    ]);
    expect(await AuditLog.findOne({ where: { action: 'signup_form.create', entityId: String(spring.id) } })).not.toBeNull();

    const list = await api('GET', `?sort=${encodeURIComponent('["slug","ASC"]')}`, owner);
    const rows: FormJson[] = await list.json();
    expect(rows.map((r) => r.slug)).toEqual(['default', 'spring']);
    expect(list.headers.get('content-range')).toBe('signup-forms 0-1/2');
    expect(await (await api('GET', `/${spring.id}`, owner)).json()).toMatchObject({ slug: 'spring', title: 'Spring offer' });
  });

  it.each([
    ['a bad slug', { slug: 'Not a slug!' }, 'slug'],
    ['a taken slug', { slug: 'default' }, 'slug'],
    ['a bad colour', { accentColor: 'red' }, 'accentColor'],
    ['no plans', { planIds: [] }, 'planIds'],
    ['unknown plan ids', { planIds: [999999] }, 'planIds'],
    ['no title', { title: '  ' }, 'title'],
    ['a select without options', { customFields: [{ key: 'size', label: 'Size', type: 'select', options: [] }] }, 'customFields.0.options'],
    [
      'a duplicate field key',
      {
        customFields: [
          { key: 'a', label: 'A', type: 'text' },
          { key: 'a', label: 'A again', type: 'text' },
        ],
      },
      'customFields.1.key',
    ],
    ['a reserved field key', { customFields: [{ key: 'email', label: 'E-mail', type: 'email' }] }, 'customFields.0.key'],
    ['an unknown field type', { customFields: [{ key: 'when', label: 'When', type: 'date' }] }, 'customFields.0.type'],
  ])('answers %s with 400 and the field error, storing nothing', async (_what, overrides, field) => {
    const before = await SignupForm.count();
    const res = await api('POST', '', owner, definition({ slug: 'bad-one', ...overrides }));
    expect(res.status).toBe(400);
    const body: { message: string; errors: Record<string, string> } = await res.json();
    expect(body.message).toBeTruthy();
    expect(Object.keys(body.errors)).toContain(field);
    expect(await SignupForm.count()).toBe(before);
  });

  it('updates a form; a bad update is a 400 and changes nothing', async () => {
    const res = await api('PUT', `/${spring.id}`, owner, { ...spring, title: 'Spring offer 2026' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ title: 'Spring offer 2026', slug: 'spring' });
    const bad = await api('PUT', `/${spring.id}`, owner, { planIds: [424242] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toHaveProperty('planIds');
    expect((await SignupForm.findByPk(spring.id))!.planIds).toEqual(spring.planIds);
  });

  it('lets a viewer read but not write (403)', async () => {
    expect((await api('GET', '', viewer)).status).toBe(200);
    expect((await api('POST', '', viewer, definition({ slug: 'viewer-made' }))).status).toBe(403);
    expect((await api('PUT', `/${spring.id}`, viewer, { title: 'x' })).status).toBe(403);
    expect((await api('DELETE', `/${spring.id}`, viewer)).status).toBe(403);
    expect(await SignupForm.findOne({ where: { slug: 'viewer-made' } })).toBeNull();
  });

  it('keeps the default form: not deletable (409), not renamed or switched off (400)', async () => {
    const form = (await SignupForm.findOne({ where: { slug: 'default' } }))!;
    expect((await api('DELETE', `/${form.id}`, owner)).status).toBe(409);
    expect((await api('PUT', `/${form.id}`, owner, { slug: 'other' })).status).toBe(400);
    expect((await api('PUT', `/${form.id}`, owner, { active: false })).status).toBe(400);
    expect(await SignupForm.findByPk(form.id)).toMatchObject({ slug: 'default', active: true });
  });

  it('deletes another form, after which its page is a 404', async () => {
    const created: FormJson = await (await api('POST', '', owner, definition({ slug: 'short-lived' }))).json();
    expect((await fetch(`${baseUrl}/signup/short-lived`)).status).toBe(200);
    expect((await api('DELETE', `/${created.id}`, owner)).status).toBe(200);
    expect(await SignupForm.findByPk(created.id)).toBeNull();
    expect((await fetch(`${baseUrl}/signup/short-lived`)).status).toBe(404);
  });
});

describe('GET /signup/:slug', () => {
  it('renders title, intro, the plans in the given order, the custom fields and the accent; small and embeddable', async () => {
    const res = await fetch(`${baseUrl}/signup/spring`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(new TextEncoder().encode(html).length).toBeLessThanOrEqual(20 * 1024);
    expect(html).toContain('<h1>Spring offer 2026</h1>');
    expect(html).toContain('<p class="intro">Cancel any time.</p>');
    const order = [...html.matchAll(/name="plan" value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).toEqual([plans[2]!.id, plans[0]!.id]);
    expect(html).toContain('--accent:#aa3366');
    expect(html).toContain('name="company"');
    expect(html).toContain('<option value="Search">Search</option>');
    expect(html).toContain('type="checkbox" name="newsletter"');
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('keeps the secure headers everywhere else', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('never shows an archived plan (the form re-renders after the change)', async () => {
    await fetch(`${baseUrl}/signup/spring`); // cached
    const archived = plans[0]!;
    const res = await recur.app.request(`/api/plans/${archived.id}`, { method: 'DELETE', headers: { cookie: owner } });
    expect(res.status).toBe(200);
    const html = await (await fetch(`${baseUrl}/signup/spring`)).text();
    expect(html).not.toContain(`value="${archived.id}"`);
    expect(html).toContain(`value="${plans[2]!.id}"`);
    const defaultHtml = await (await fetch(`${baseUrl}/signup`)).text();
    expect(defaultHtml).not.toContain(`name="plan" value="${archived.id}"`);
  });

  it('answers an unknown or switched-off form with a 404 page', async () => {
    expect((await fetch(`${baseUrl}/signup/nope`)).status).toBe(404);
    const off: FormJson = await (await api('POST', '', owner, definition({ slug: 'switched-off', active: false }))).json();
    const res = await fetch(`${baseUrl}/signup/switched-off`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No such signup form');
    expect((await postForm('switched-off', { plan: String(plans[2]!.id), email: 'x@example.com', name: 'X', company: 'X' })).status).toBe(404);
    expect(off.slug).toBe('switched-off');
  });

  it('answers a slug no form could have (a NUL byte, found by the fuzzer: 500) with the 404 page', async () => {
    for (const slug of ['%00', 'a%00b', 'x'.repeat(65), 'Upper', '%27%20OR%201%3D1']) {
      expect((await fetch(`${baseUrl}/signup/${slug}`)).status).toBe(404);
      expect((await fetch(`${baseUrl}/signup/${slug}`, { method: 'POST', body: new URLSearchParams({ email: 'x@example.com' }) })).status).toBe(404);
      expect((await fetch(`${baseUrl}/signup/${slug}/done?session_id=cs_x`)).status).toBe(404);
    }
  });
});

describe('POST /signup/:slug', () => {
  const good = () => ({
    plan: String(plans[2]!.id),
    email: 'mia@example.com',
    name: 'Mia',
    company: 'Mia & Co',
    heardFrom: 'Friend',
    newsletter: 'on',
    billingEmail: '',
  });

  it.each([
    ['the required custom field empty', { company: '  ' }, 'company', 'Enter Company'],
    ['a select value not offered', { heardFrom: 'Radio' }, 'heardFrom', 'Choose one of the options'],
    ['a bad custom e-mail', { billingEmail: 'not-mail' }, 'billingEmail', 'valid e-mail address for Billing e-mail'],
    ['a plan the form does not offer', { plan: 'second' }, 'plan', 'Choose one of the plans listed'],
    ['a huge custom value', { company: 'x'.repeat(800) }, 'company', 'under 500 characters'],
  ] as [string, Record<string, string>, string, string][])(
    're-renders with %s: 400, the message, what was typed kept, nothing stored',
    async (_what, overrides, _field, message) => {
      const customersBefore = (await recur.stripe.customers.list({ limit: 100 })).data.length;
      const submissionsBefore = await SignupSubmission.count();
      const pendingBefore = await PendingSignup.count();
      const fields = { ...good(), ...overrides, ...(overrides.plan === 'second' ? { plan: String(plans[1]!.id) } : {}) };
      const res = await postForm('spring', fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('value="mia@example.com"');
      if (!('company' in overrides)) expect(html).toContain('value="Mia &amp; Co"');
      expect(html).toMatch(/type="checkbox" name="newsletter" value="on" checked/);
      expect(await SignupSubmission.count()).toBe(submissionsBefore);
      expect(await PendingSignup.count()).toBe(pendingBefore);
      expect((await recur.stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);
    },
  );

  it('keeps the custom values with the Checkout Session until it completes, then gives them to the customer (Recur and Stripe metadata)', async () => {
    const customersBefore = (await recur.stripe.customers.list({ limit: 100 })).data.length;
    const res = await postForm('spring', good());
    expect(res.status).toBe(303);
    const checkoutUrl = res.headers.get('location')!;
    const sessionId = /cs_\w+/.exec(checkoutUrl)![0];
    const session = await recur.stripe.checkout.sessions.retrieve(sessionId);
    expect(session.allow_promotion_codes).toBe(true);
    // Nothing is anyone's yet: the answers wait with the session, and Checkout will make the customer.
    expect(session).toMatchObject({ customer: null, customer_email: 'mia@example.com' });
    expect((await recur.stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);
    expect(await SignupSubmission.findOne({ where: { checkoutSessionId: sessionId } })).toBeNull();
    const pending = (await PendingSignup.findByPk(sessionId))!;
    expect(pending).toMatchObject({ formSlug: 'spring', email: 'mia@example.com', name: 'Mia', newCustomer: true, completedAt: null });
    const answers = [
      { key: 'company', label: 'Company', value: 'Mia & Co' },
      { key: 'heardFrom', label: 'Where did you hear of us', value: 'Friend' },
      { key: 'newsletter', label: 'Send me the newsletter', value: true },
    ];
    expect(pending.answers).toEqual(answers);

    // Paid: the customer is mirrored, and the admin reads its answers and its events.
    const paid = await payCheckoutPage(checkoutUrl);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toContain('/signup/spring/done?session_id=');
    const done = await eventually(async () => {
      const html = await (await fetch(paid.headers.get('location')!)).text();
      return html.includes('data-outcome="active"') && html;
    });
    expect(done).toContain('Welcome aboard, spring subscriber!');
    const completed = await recur.stripe.checkout.sessions.retrieve(sessionId);
    const submission = (await SignupSubmission.findOne({ where: { checkoutSessionId: sessionId } }))!;
    expect(submission).toMatchObject({ formSlug: 'spring', email: 'mia@example.com', stripeCustomerId: completed.customer, answers });
    const stripeCustomer = await recur.stripe.customers.retrieve(String(completed.customer));
    expect(!stripeCustomer.deleted && stripeCustomer).toMatchObject({
      name: 'Mia',
      metadata: { source: 'recur-signup', form_company: 'Mia & Co', form_heardFrom: 'Friend', form_newsletter: 'true', signupForm: 'spring' },
    });
    expect(await PendingSignup.findByPk(sessionId)).toBeNull();
    const customer = await eventually(() => Customer.findOne({ where: { email: 'mia@example.com' } }));
    const shown = await recur.app.request(`/api/customers/${customer.id}/form-answers`, { headers: { cookie: viewer } });
    expect(shown.status).toBe(200);
    expect(await shown.json()).toEqual([expect.objectContaining({ formTitle: 'Spring offer 2026', answers })]);

    const filter = encodeURIComponent(JSON.stringify({ customerId: customer.id }));
    const events = await eventually(async () => {
      const rows: { objectId: string; type: string }[] = await (
        await recur.app.request(`/api/events?filter=${filter}&range=[0,99]`, { headers: { cookie: viewer } })
      ).json();
      return rows.some((e) => e.type === 'invoice.paid') && rows;
    });
    expect(events.some((e) => e.objectId === customer.stripeCustomerId)).toBe(true);
    const others: { objectId: string }[] = await (await recur.app.request(`/api/events?range=[0,999]`, { headers: { cookie: viewer } })).json();
    expect(events.length).toBeLessThanOrEqual(others.length);
    const stranger = await makeCustomer(recur.db, { email: 'stranger@example.com', name: null, stripeCustomerId: 'cus_stranger', currency: null });
    const none = await recur.app.request(`/api/events?filter=${encodeURIComponent(JSON.stringify({ customerId: stranger.id }))}`, {
      headers: { cookie: viewer },
    });
    expect(await none.json()).toEqual([]);
  });

  it('says plainly on the done page when the Checkout expired, with a way back to the same form', async () => {
    const res = await postForm('spring', { ...good(), email: 'late@example.com' });
    const sessionId = /cs_\w+/.exec(res.headers.get('location')!)![0];
    await recur.stripe.checkout.sessions.expire(sessionId);
    const done = await fetch(`${baseUrl}/signup/spring/done?session_id=${sessionId}`);
    const html = await done.text();
    expect(html).toContain('data-outcome="expired"');
    expect(html).toContain('href="/signup/spring"');
    expect(html).not.toContain('Welcome aboard');
  });
});
