import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Plan } from '../../server/db/models';
import { payCheckoutPage } from '../helpers/checkout';
import { control } from '../helpers/ops';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';

/**
 * customers.list's `email` is "a case-sensitive filter on the list based on the customer's email
 * field" (docs.stripe.com/api/customers/list); customers.search finds a customer by `email:"…"`
 * (docs.stripe.com/api/customers/search, docs.stripe.com/search). A person who already is a
 * customer — created in the Dashboard or by another app, with capitals in the address — is found
 * at signup, whatever case they type, instead of becoming a second customer.
 */

let recur: TestRecur;
let plan: Plan;

beforeAll(async () => {
  // No webhooks delivered until listen(): the first tests find the customer in Stripe alone.
  recur = await startTestRecur();
  plan = (await Plan.findOne({ where: { name: 'Silver Monthly' } }))!;
});
afterAll(() => recur.close());

/** Submits the signup form and returns the Checkout Session it started. */
async function startSignup(email: string): Promise<Stripe.Checkout.Session> {
  const res = await recur.app.request('/signup', {
    method: 'POST',
    body: new URLSearchParams({ plan: String(plan.id), email, name: 'Ada' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.status).toBe(303);
  const sessionId = /cs_\w+/.exec(res.headers.get('location') ?? '')![0];
  return recur.stripe.checkout.sessions.retrieve(sessionId);
}

/** Submits the signup form and returns the Stripe customer of the Checkout Session it started. */
async function signupCustomer(email: string): Promise<string | null> {
  const session = await startSignup(email);
  return typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
}

async function stripeCustomersWith(email: string): Promise<string[]> {
  const all = await recur.stripe.customers.list({ limit: 100 });
  return all.data.filter((c) => c.email?.toLowerCase() === email.toLowerCase()).map((c) => c.id);
}

describe('signing up with an address Stripe already has in other letters', () => {
  it('reuses the customer created elsewhere as Ada.Lovelace@Example.COM, however the address is typed', async () => {
    const existing = await recur.stripe.customers.create({ email: 'Ada.Lovelace@Example.COM', name: 'Ada Lovelace' });
    // The emulator is as strict as Stripe here: the list filter alone would miss her.
    expect((await recur.stripe.customers.list({ email: 'ada.lovelace@example.com' })).data).toEqual([]);

    expect(await signupCustomer('ada.lovelace@example.com')).toBe(existing.id);
    expect(await signupCustomer('ADA.LOVELACE@EXAMPLE.COM')).toBe(existing.id);
    expect(await signupCustomer('Ada.Lovelace@Example.COM')).toBe(existing.id);
    expect(await stripeCustomersWith('ada.lovelace@example.com')).toEqual([existing.id]);
  });

  it('creates no customer for an address Stripe does not know: Checkout makes one, lower-cased, reused next time', async () => {
    // "If provided, this value will be used when the Customer object is created"
    // (customer_email, docs.stripe.com/api/checkout/sessions/create); in subscription mode Checkout
    // always creates a customer unless one was given (docs.stripe.com/api/checkout/sessions/object#checkout_session_object-customer).
    const session = await startSignup('New.Person@Example.org');
    expect(session).toMatchObject({ customer: null, customer_email: 'new.person@example.org' });
    expect(await stripeCustomersWith('new.person@example.org')).toEqual([]);
    expect((await payCheckoutPage(session.url!)).status).toBe(303);
    const [first] = await stripeCustomersWith('new.person@example.org');
    expect((await recur.stripe.customers.retrieve(first!)) as { email: string }).toMatchObject({ email: 'new.person@example.org' });
    expect(await signupCustomer('new.person@example.org')).toBe(first);
    expect(await signupCustomer('NEW.PERSON@example.org')).toBe(first);
    expect(await stripeCustomersWith('new.person@example.org')).toEqual([first]);
  });

  it("finds the mirrored customer in Recur's own table whatever its case", async () => {
    await recur.listen();
    const existing = await recur.stripe.customers.create({ email: 'Grace.Hopper@Navy.MIL', name: 'Grace' });
    await settle(recur);
    expect(await Customer.findOne({ where: { stripeCustomerId: existing.id } })).toMatchObject({ email: 'Grace.Hopper@Navy.MIL' });
    // Stripe's search out of the picture: the mirror alone must find her.
    await control(recur.emulator, 'PUT', '/faults', { api: { errorRate: 1, pathPrefix: '/v1/customers/search' } });
    try {
      expect(await signupCustomer('grace.hopper@navy.mil')).toBe(existing.id);
    } finally {
      await control(recur.emulator, 'DELETE', '/faults');
    }
    expect(await stripeCustomersWith('grace.hopper@navy.mil')).toEqual([existing.id]);
  });
});
