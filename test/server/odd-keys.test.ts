import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PendingSignup, Plan, SignupForm } from '../../server/db/models';
import { noticeFor } from '../../server/pages/portal/notices';
import { renderTemplate } from '../../shared/emailTemplates';
import { payCheckoutPage } from '../helpers/checkout';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

/**
 * Keys chosen by users — custom-field keys, JSON body keys, filter and sort names, template
 * variables, query parameters — that are also names on Object.prototype (`constructor`,
 * `toString`, `valueOf`, `hasOwnProperty`) or `__proto__`. Looked up as own properties only,
 * they are fields like any other: no function text on a page, no lost error message, no 500,
 * no JSON key turned into a prototype.
 */

const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
const RESOURCES = [
  'plans',
  'coupons',
  'promotion-codes',
  'customers',
  'subscriptions',
  'payments',
  'invoices',
  'events',
  'signup-forms',
  'email-templates',
  'notifications',
  'admin-users',
  'api-keys',
  'audit-logs',
];

let recur: TestRecur;
let cookie: string;
let plan: Plan;

beforeAll(async () => {
  recur = await startTestRecur();
  cookie = await signInCookie(recur.app);
  plan = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
});
afterAll(() => recur.close());

const json = (method: string, path: string, body: string) => recur.app.request(path, { method, body, headers: { cookie, 'content-type': 'application/json' } });

describe('a signup form whose custom fields are named like Object.prototype', () => {
  let form: SignupForm;
  const post = (fields: Record<string, string>) =>
    recur.app.request('/signup/odd', { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  beforeAll(async () => {
    const res = await json(
      'POST',
      '/api/signup-forms',
      JSON.stringify({
        slug: 'odd',
        title: 'Odd keys',
        planIds: [plan.id],
        customFields: [
          { key: 'constructor', label: 'Company', type: 'text', required: true },
          { key: 'toString', label: 'Nickname', type: 'text' },
          { key: 'valueOf', label: 'Newsletter', type: 'checkbox' },
          { key: 'hasOwnProperty', label: 'Size', type: 'select', options: ['S', 'M'] },
          { key: 'isPrototypeOf', label: 'Billing e-mail', type: 'email' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    form = (await SignupForm.findOne({ where: { slug: 'odd' } }))!;
  });

  it('renders the empty form with no error and no function text', async () => {
    const res = await recur.app.request('/signup/odd');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="constructor"');
    expect(html).not.toContain('native code');
    expect(html).not.toContain('class="error"');
  });

  it('says what is missing next to the field named constructor (the message used to be lost)', async () => {
    const res = await post({ plan: String(plan.id), email: 'odd@example.com', name: 'Odd' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter Company');
    expect(html).not.toContain('native code');
  });

  it('keeps exactly the answers typed, and writes them to Stripe as form_<key> once paid', async () => {
    const res = await post({ plan: String(plan.id), email: 'odd@example.com', name: 'Odd', constructor: 'Acme', hasOwnProperty: 'M' });
    expect(res.status).toBe(303);
    const checkoutUrl = res.headers.get('location')!;
    const sessionId = /cs_\w+/.exec(checkoutUrl)![0];
    expect((await PendingSignup.findByPk(sessionId))!.answers).toEqual([
      { key: 'constructor', label: 'Company', value: 'Acme' },
      { key: 'valueOf', label: 'Newsletter', value: false },
      { key: 'hasOwnProperty', label: 'Size', value: 'M' },
    ]);
    expect((await payCheckoutPage(checkoutUrl)).status).toBe(303);
    await recur.app.request(`/signup/odd/done?session_id=${sessionId}`);
    const session = await recur.stripe.checkout.sessions.retrieve(sessionId);
    const customer = (await recur.stripe.customers.retrieve(String(session.customer))) as Stripe.Customer;
    expect(customer.metadata).toEqual({ source: 'recur-signup', signupForm: 'odd', form_constructor: 'Acme', form_valueOf: 'false', form_hasOwnProperty: 'M' });
    expect(form.customFields.map((f) => f.key)).toContain('constructor');
  });
});

describe('JSON bodies', () => {
  it.each(PROTOTYPE_NAMES)('names an unknown key %s as the field it is (400)', async (key) => {
    const res = await json('POST', '/api/coupons', JSON.stringify({ [key]: 'x' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Record<string, string> };
    expect(Object.hasOwn(body.errors, key)).toBe(true);
  });

  it('refuses a __proto__ key in an update instead of reading fields through it', async () => {
    const form = (await SignupForm.findOne({ where: { slug: 'default' } }))!;
    const res = await json('PUT', `/api/signup-forms/${form.id}`, '{"__proto__": {"title": "Taken over"}}');
    expect(res.status).toBe(400);
    expect(Object.keys(((await res.json()) as { errors: object }).errors)).toEqual(['__proto__']);
    expect((await SignupForm.findByPk(form.id))!.title).toBe(form.title);
  });
});

describe('list filters and sorts', () => {
  it.each(RESOURCES)('/api/%s answers 400 (never 500) to a filter or sort named like Object.prototype', async (resource) => {
    for (const name of PROTOTYPE_NAMES) {
      const filter = await recur.app.request(`/api/${resource}?filter=${encodeURIComponent(JSON.stringify({ [name]: 1 }))}`, { headers: { cookie } });
      expect([resource, name, filter.status]).toEqual([resource, name, 400]);
      const sort = await recur.app.request(`/api/${resource}?sort=${encodeURIComponent(JSON.stringify([name, 'ASC']))}`, { headers: { cookie } });
      expect([resource, name, sort.status]).toEqual([resource, name, 400]);
    }
  });
});

describe('template variables and query parameters', () => {
  it('refuses {{constructor}} in a template, and renders it as nothing where it is only previewed', async () => {
    const [template] = (await (await recur.app.request('/api/email-templates', { headers: { cookie } })).json()) as { id: number }[];
    const res = await json('PUT', `/api/email-templates/${template!.id}`, JSON.stringify({ subject: 'Hi {{constructor}}', textBody: '{{toString}}' }));
    expect(res.status).toBe(400);
    const rendered = renderTemplate({ subject: 'Hi {{constructor}}', textBody: 'a{{toString}}b{{valueOf}}c', htmlBody: null }, { customerName: 'Ada' });
    expect(rendered).toMatchObject({ subject: 'Hi ', text: 'abc' });
  });

  it('shows no portal notice for ?done=constructor, and a plain decline reason for ?code=toString', () => {
    expect(noticeFor('constructor', undefined)).toBeUndefined();
    expect(noticeFor('pay-failed', 'toString')?.text).toContain('the card was declined');
    expect(noticeFor('change-declined', 'hasOwnProperty')?.text).not.toContain('native code');
  });
});
