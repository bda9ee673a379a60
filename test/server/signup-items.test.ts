import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, PendingSignup, Plan, SignupForm, Subscription } from '../../server/db/models';
import { payCheckoutPage } from '../helpers/checkout';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { jsonRequest } from '../helpers/api';

// A hosted signup form that offers add-ons and a seat count (issue 14). Checkout gets one line per
// item: the plan's price with the seats as its quantity, then each add-on's price; in subscription
// mode the subscription it creates has an item per line
// (docs.stripe.com/api/checkout/sessions/create#create_checkout_session-line_items,
// docs.stripe.com/billing/subscriptions/multiple-products: one currency and billing period).

let recur: TestRecur;
let baseUrl: string;
let owner: string;
let team: Plan;
let gold: Plan;
let storage: Plan;
let support: Plan;

const api = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, `/api${path}`, { cookie: owner, body });

const post = (slug: string, fields: Record<string, string>) =>
  fetch(`${baseUrl}/signup/${slug}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });

beforeAll(async () => {
  recur = await startTestRecur();
  baseUrl = await recur.listen();
  owner = await signInCookie(recur.app);
  const named = async (name: string) => (await Plan.findOne({ where: { name } }))!;
  [gold, storage, support] = await Promise.all(['Gold Monthly', 'Extra storage', 'Priority support'].map(named));
  const res = await api('POST', '/plans', {
    name: 'Team Seats',
    tier: 'gold',
    amount: 700,
    currency: 'usd',
    interval: 'month',
    perSeat: true,
    minQuantity: 1,
    maxQuantity: 10,
    addonIds: [storage.id],
  });
  expect(res.status, await res.clone().text()).toBe(201);
  team = (await Plan.findByPk((await res.json()).id))!;
});
afterAll(() => recur.close());

describe('a signup form with add-ons and seats', () => {
  it('is set per form (offerAddons, offerSeats), off by default, strict', async () => {
    const created = await api('POST', '/signup-forms', { slug: 'teams', title: 'Teams', planIds: [team.id, gold.id], offerAddons: true, offerSeats: true });
    expect(created.status, await created.clone().text()).toBe(201);
    const form = await created.json();
    expect(form).toMatchObject({ offerAddons: true, offerSeats: true });
    const plain = await api('POST', '/signup-forms', { slug: 'plain', title: 'Plain', planIds: [team.id, gold.id] });
    expect(await plain.json()).toMatchObject({ offerAddons: false, offerSeats: false });
    const bad = await api('PUT', `/signup-forms/${form.id}`, { offerSeats: 'yes' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toHaveProperty('offerSeats');
    const off = await api('PUT', `/signup-forms/${form.id}`, { ...form, offerSeats: false });
    expect(await off.json()).toMatchObject({ offerAddons: true, offerSeats: false });
    expect((await api('PUT', `/signup-forms/${form.id}`, { offerSeats: true })).status).toBe(200);
    expect((await SignupForm.findByPk(form.id))!.offerSeats).toBe(true);
  });

  it('shows each plan’s allowed add-ons and a seat count for the per-seat plan, starting at its minimum', async () => {
    const html = await (await fetch(`${baseUrl}/signup/teams`)).text();
    expect(html).toMatch(new RegExp(`name="seats-${team.id}" min="1" max="10" value="1"`));
    expect(html).toContain(`name="addon-${team.id}-${storage.id}"`);
    expect(html).not.toContain(`name="addon-${team.id}-${support.id}"`);
    expect(html).toContain(`name="addon-${gold.id}-${storage.id}"`);
    expect(html).toContain(`name="addon-${gold.id}-${support.id}"`);
    expect(html).not.toContain(`name="seats-${gold.id}"`);
    // A form that does not offer them shows neither.
    const plain = await (await fetch(`${baseUrl}/signup/plain`)).text();
    expect(plain).not.toMatch(/name="(seats|addon)-/);
  });

  it('refuses add-ons the plan does not allow and seats out of bounds: the form again (400), what was typed kept, nothing stored', async () => {
    const before = await PendingSignup.count();
    const person = { plan: String(team.id), email: 'refused@example.com', name: 'Refused' };
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ['teams', { ...person, [`seats-${team.id}`]: '11' }, `seats-${team.id}`, /Choose between 1 and 10 seats/],
      ['teams', { ...person, [`seats-${team.id}`]: '0' }, `seats-${team.id}`, /Choose between 1 and 10 seats/],
      ['teams', { ...person, [`seats-${team.id}`]: 'three' }, `seats-${team.id}`, /Choose between 1 and 10 seats/],
      ['teams', { ...person, [`addon-${team.id}-${support.id}`]: 'on' }, `addon-${team.id}-${support.id}`, /not offered with Team Seats/],
      ['teams', { ...person, [`addon-${team.id}-${gold.id}`]: 'on' }, `addon-${team.id}-${gold.id}`, /not offered with Team Seats/],
      ['plain', { ...person, [`addon-${team.id}-${storage.id}`]: 'on' }, `addon-${team.id}-${storage.id}`, /not offered with Team Seats/],
    ];
    for (const [slug, fields, field, message] of cases) {
      const res = await post(slug, fields);
      expect(res.status, `${slug} ${field}=${fields[field]}`).toBe(400);
      const html = await res.text();
      expect(html).toMatch(message);
      expect(html).toContain('value="refused@example.com"');
    }
    const typed = await (await post('teams', { ...person, [`seats-${team.id}`]: '11', [`addon-${team.id}-${storage.id}`]: 'on' })).text();
    expect(typed).toMatch(new RegExp(`name="seats-${team.id}" min="1" max="10" value="11"`));
    expect(typed).toMatch(new RegExp(`name="addon-${team.id}-${storage.id}" value="on" checked`));
    expect(await PendingSignup.count()).toBe(before);
    expect(await Customer.count({ where: { email: 'refused@example.com' } })).toBe(0);
  });

  it('signs up with an add-on and 3 seats: Checkout charges both, the subscription has both items, the monthly total is base × 3 + add-on', async () => {
    const email = 'team-lead@example.com';
    // Another plan's ticks are not this plan's: only the chosen plan's inputs count.
    const res = await post('teams', {
      plan: String(team.id),
      email,
      name: 'Team Lead',
      [`seats-${team.id}`]: '3',
      [`addon-${team.id}-${storage.id}`]: 'on',
      [`addon-${gold.id}-${support.id}`]: 'on',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const checkoutUrl = res.headers.get('location')!;
    const sessionId = /cs_\w+/.exec(checkoutUrl)![0];
    const lines = await recur.stripe.checkout.sessions.listLineItems(sessionId);
    expect(lines.data.map((line) => [line.price?.id, line.quantity])).toEqual([
      [team.stripePriceId, 3],
      [storage.stripePriceId, 1],
    ]);
    expect((await recur.stripe.checkout.sessions.retrieve(sessionId)).amount_total).toBe(3 * team.amount + storage.amount);

    const paid = await payCheckoutPage(checkoutUrl);
    expect(paid.status).toBe(303);
    const done = new URL(paid.headers.get('location')!);
    expect((await fetch(`${baseUrl}${done.pathname}${done.search}`)).status).toBe(200);
    await settle(recur);

    const session = await recur.stripe.checkout.sessions.retrieve(sessionId);
    const remote = await recur.stripe.subscriptions.retrieve(session.subscription as string);
    expect(remote.items.data.map((item) => [item.price.id, item.quantity])).toEqual([
      [team.stripePriceId, 3],
      [storage.stripePriceId, 1],
    ]);
    const customer = (await Customer.findOne({ where: { email } }))!;
    const subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
    expect(subscription.items.map((item) => [item.planId, item.quantity])).toEqual([
      [team.id, 3],
      [storage.id, 1],
    ]);
    expect(subscription).toMatchObject({ planId: team.id, quantity: 3, recurringAmount: 3 * team.amount + storage.amount });
    expect([customer.monthlyTotal, customer.yearlyTotal]).toEqual([3 * team.amount + storage.amount, 12 * (3 * team.amount + storage.amount)]);
  });

  it('buys a per-seat plan at its minimum when the form does not ask for seats', async () => {
    const res = await post('plain', { plan: String(team.id), email: 'min-seats@example.com', name: 'Min', [`seats-${team.id}`]: '7' });
    expect(res.status).toBe(303);
    const sessionId = /cs_\w+/.exec(res.headers.get('location')!)![0];
    const lines = await recur.stripe.checkout.sessions.listLineItems(sessionId);
    expect(lines.data.map((line) => [line.price?.id, line.quantity])).toEqual([[team.stripePriceId, 1]]);
  });
});
