import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepSignups } from '../../server/billing/signupCompletion';
import { Customer, PendingSignup, Plan, SignupSubmission } from '../../server/db/models';
import { payCheckoutPage } from '../helpers/checkout';
import { eventually, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';

/**
 * The signup form asks only for an e-mail address, so anyone can type someone else's. Nothing
 * about an existing customer changes until a Checkout for them completes: their Stripe customer
 * is reused (passed as `customer`, so not duplicated) but not written to, and what was typed
 * waits in pending_signups. Completion is learnt from checkout.session.completed or from the done
 * page, whichever comes first; the Stripe-side details are written by the done page or the sweep.
 */

let recur: TestRecur;
let owner: string;
let plan: Plan;
let ada: Stripe.Customer;

beforeAll(async () => {
  // Not listening at first: the first tests get no webhooks, only what the done page learns.
  recur = await startTestRecur();
  owner = await signInCookie(recur.app);
  plan = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  const created = await recur.app.request('/api/signup-forms', {
    method: 'POST',
    headers: { cookie: owner, 'content-type': 'application/json' },
    body: JSON.stringify({
      slug: 'club',
      title: 'Club',
      planIds: [plan.id],
      customFields: [{ key: 'company', label: 'Company', type: 'text', required: true }],
    }),
  });
  expect(created.status).toBe(201);
  ada = await recur.stripe.customers.create({ email: 'ada@example.com', name: 'Ada Lovelace', metadata: { crm: 'A-1' } });
});
afterAll(() => recur.close());

async function startSignup(fields: { email: string; name: string; company: string }): Promise<Stripe.Checkout.Session> {
  const res = await recur.app.request('/signup/club', {
    method: 'POST',
    body: new URLSearchParams({ plan: String(plan.id), ...fields }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(303);
  return recur.stripe.checkout.sessions.retrieve(/cs_\w+/.exec(res.headers.get('location')!)![0]);
}

const stripeCustomer = async (id: string) => (await recur.stripe.customers.retrieve(id)) as Stripe.Customer;
const customersWith = async (email: string) => (await recur.stripe.customers.list({ limit: 100 })).data.filter((c) => c.email === email).map((c) => c.id);
const doneUrl = (session: Stripe.Checkout.Session) => `/signup/club/done?session_id=${session.id}`;

describe('a signup with the address of an existing customer', () => {
  it('changes nothing about them while unpaid, and forgets what was typed once the session expires', async () => {
    const before = await stripeCustomer(ada.id);
    const session = await startSignup({ email: 'ADA@example.com', name: 'Mallory', company: 'Evil Inc' });
    expect(session.customer).toBe(ada.id);
    expect(await customersWith('ada@example.com')).toEqual([ada.id]);
    expect(await stripeCustomer(ada.id)).toEqual(before);
    expect(await SignupSubmission.count()).toBe(0);
    expect(await PendingSignup.findByPk(session.id)).toMatchObject({ name: 'Mallory', newCustomer: false, completedAt: null });

    await recur.stripe.checkout.sessions.expire(session.id);
    expect(await (await recur.app.request(doneUrl(session))).text()).toContain('data-outcome="expired"');
    // A day and more later the session can no longer complete: the sweep asks Stripe once more and deletes it.
    await sweepSignups(recur.stripe, recur.db, Date.now() + 26 * 3_600_000);
    expect(await PendingSignup.findByPk(session.id)).toBeNull();
    expect(await stripeCustomer(ada.id)).toEqual(before);
    expect(await SignupSubmission.count()).toBe(0);
  });

  it('applies what they typed once their Checkout completes, as the done page confirms (no webhook at all)', async () => {
    const session = await startSignup({ email: 'ada@example.com', name: 'Ada L.', company: 'Analytical Engines' });
    expect((await payCheckoutPage(session.url!)).status).toBe(303);
    const done = await recur.app.request(doneUrl(session));
    expect(await done.text()).toContain('data-outcome="processing"');

    expect(await SignupSubmission.findOne({ where: { checkoutSessionId: session.id } })).toMatchObject({
      stripeCustomerId: ada.id,
      answers: [{ key: 'company', label: 'Company', value: 'Analytical Engines' }],
    });
    // Their own name stays: only a customer Checkout made takes the typed one. Their metadata is kept, the form's added.
    expect(await stripeCustomer(ada.id)).toMatchObject({
      name: 'Ada Lovelace',
      metadata: { crm: 'A-1', signupForm: 'club', form_company: 'Analytical Engines' },
    });
    expect((await stripeCustomer(ada.id)).metadata).not.toHaveProperty('source');
    expect(await PendingSignup.findByPk(session.id)).toBeNull();
    expect(await customersWith('ada@example.com')).toEqual([ada.id]);
  });
});

describe('with webhooks', () => {
  let grace: Stripe.Customer;
  let local: Customer;

  beforeAll(async () => {
    await recur.listen();
    grace = await recur.stripe.customers.create({ email: 'grace@example.com', name: 'Grace Hopper' });
    await settle(recur);
    local = (await Customer.findOne({ where: { stripeCustomerId: grace.id } }))!;
  });

  const answersOf = async (customer: Customer) =>
    (await recur.app.request(`/api/customers/${customer.id}/form-answers`, { headers: { cookie: owner } })).json() as Promise<{ answers: unknown[] }[]>;

  it("shows the admin no answers and keeps the mirrored row while a stranger's Checkout is open", async () => {
    const session = await startSignup({ email: 'grace@example.com', name: 'Mallory', company: 'Evil Inc' });
    expect(session.customer).toBe(grace.id);
    await settle(recur);
    expect(await answersOf(local)).toEqual([]);
    expect(await Customer.findByPk(local.id)).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com' });
    expect(await stripeCustomer(grace.id)).toMatchObject({ name: 'Grace Hopper' });
    expect((await stripeCustomer(grace.id)).metadata).toEqual({});
  });

  it('records the answers from checkout.session.completed when nobody comes back to the done page; the sweep writes the metadata', async () => {
    const session = await startSignup({ email: 'grace@example.com', name: 'Grace', company: 'US Navy' });
    expect((await payCheckoutPage(session.url!)).status).toBe(303);
    await settle(recur);
    expect(await PendingSignup.findByPk(session.id)).toMatchObject({ stripeCustomerId: grace.id, completedAt: expect.any(Date) });
    const shown = await eventually(async () => {
      const rows = await answersOf(local);
      return rows.length > 0 && rows;
    });
    expect(shown).toEqual([expect.objectContaining({ answers: [{ key: 'company', label: 'Company', value: 'US Navy' }] })]);
    // The webhook is applied in a transaction, where Recur does not call Stripe: the sweep does.
    expect((await stripeCustomer(grace.id)).metadata).toEqual({});
    await sweepSignups(recur.stripe, recur.db);
    expect(await stripeCustomer(grace.id)).toMatchObject({ name: 'Grace Hopper', metadata: { signupForm: 'club', form_company: 'US Navy' } });
    expect(await PendingSignup.findByPk(session.id)).toBeNull();
    // The done page afterwards is only a page: the details are not written twice.
    expect(await (await recur.app.request(doneUrl(session))).text()).toContain('data-outcome="active"');
  });

  it('gives a customer that Checkout made the name typed into the form', async () => {
    const session = await startSignup({ email: 'new.person@example.com', name: 'New Person', company: 'Startup' });
    expect(session).toMatchObject({ customer: null, customer_email: 'new.person@example.com' });
    expect(await customersWith('new.person@example.com')).toEqual([]);
    expect((await payCheckoutPage(session.url!, { name: 'N PERSON' })).status).toBe(303);
    await recur.app.request(doneUrl(session));
    const [made] = await customersWith('new.person@example.com');
    expect(await stripeCustomer(made!)).toMatchObject({
      name: 'New Person',
      metadata: { source: 'recur-signup', signupForm: 'club', form_company: 'Startup' },
    });
    const mirrored = await eventually(async () => {
      const row = await Customer.findOne({ where: { stripeCustomerId: made! } });
      return row?.name === 'New Person' && row;
    });
    expect(await answersOf(mirrored)).toEqual([expect.objectContaining({ answers: [{ key: 'company', label: 'Company', value: 'Startup' }] })]);
  });
});
