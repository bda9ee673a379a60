import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { portalSignIn, type PortalClient } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// Add-ons and seats in the customer portal (DESIGN §3.1, issue 14): the preview is Stripe's
// invoice preview for the change (docs.stripe.com/api/invoices/create_preview), and confirming
// charges exactly it, for the preview's proration date (docs.stripe.com/billing/subscriptions/prorations);
// a smaller subscription waits for the period's end on a subscription schedule
// (docs.stripe.com/billing/subscriptions/subscription-schedules/use-cases), which the customer can drop
// (docs.stripe.com/api/subscription_schedules/release).

let recur: TestRecur;
let team: Plan;
let storage: Plan;
let support: Plan;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  const cookie = await signInCookie(recur.app);
  storage = (await Plan.findOne({ where: { name: 'Extra storage' } }))!;
  support = (await Plan.findOne({ where: { name: 'Priority support' } }))!;
  const res = await recur.app.request('/api/plans', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Team Seats',
      tier: 'gold',
      amount: 700,
      currency: 'usd',
      interval: 'month',
      perSeat: true,
      minQuantity: 1,
      maxQuantity: 10,
      addonIds: [storage.id],
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  team = (await Plan.findByPk((await res.json()).id))!;
});
afterAll(() => recur.close());

async function subscriber(email: string, plan: string): Promise<Subscription> {
  await signUp(recur, plan, email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return (await Subscription.findOne({ where: { customerId: customer.id } }))!;
}

const remoteItems = async (subscription: Subscription) =>
  (await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).items.data.map((item) => [item.price.id, item.quantity]);

/** The confirm form's hidden fields, as the preview page carries them. */
function confirmFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/portal\/subscriptions\/\d+\/items">([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)) if (name !== 'csrf') fields[name!] = value!;
  return fields;
}

const amountShown = (html: string) => Math.round(Number(/data-field="amount-due">\$([\d.,]+)</.exec(html)![1]!.replace(',', '')) * 100);

async function changeInvoices(subscription: Subscription): Promise<Stripe.Invoice[]> {
  const list = await recur.stripe.invoices.list({ subscription: subscription.stripeSubscriptionId, limit: 20 });
  return list.data.filter((invoice) => invoice.billing_reason === 'subscription_update');
}

describe('add-ons and seats in the portal', () => {
  let ada: PortalClient;
  let bob: PortalClient;
  let adaSub: Subscription;
  let bobSub: Subscription;
  beforeAll(async () => {
    adaSub = await subscriber('ada-items@example.com', 'Team Seats');
    bobSub = await subscriber('bob-items@example.com', 'Gold Monthly');
    ada = await portalSignIn(recur, 'ada-items@example.com');
    bob = await portalSignIn(recur, 'bob-items@example.com');
  });
  const base = () => `/portal/subscriptions/${adaSub.id}/items`;

  it('offers the plan’s add-ons and its seats within bounds, linked from the dashboard', async () => {
    const dashboard = await (await ada.get('/portal')).text();
    expect(dashboard).toContain(`href="${base()}"`);
    expect(dashboard).toMatch(/data-field="seats">1</);
    const res = await ada.get(base());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`name="addon" value="${storage.id}"`);
    expect(html).not.toContain(`value="${support.id}"`); // Team Seats does not allow it
    expect(html).toMatch(/name="seats" min="1" max="10" value="1"/);
  });

  it('adds an add-on and goes to 3 seats: the preview shown is what is charged, and the totals sum every item', async () => {
    const shown = await ada.get(`${base()}?preview=1&addon=${storage.id}&seats=3`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    const fields = confirmFields(html);
    expect(fields).toMatchObject({ addons: String(storage.id), seats: '3', when: 'now' });
    const previewed = amountShown(html);
    expect(previewed).toBeGreaterThan(0);
    expect(previewed).toBeLessThanOrEqual(2 * team.amount + storage.amount);

    const confirmed = await ada.post(base(), fields);
    expect([confirmed.status, confirmed.headers.get('location')]).toEqual([303, '/portal?done=items-changed']);
    expect(await remoteItems(adaSub)).toEqual([
      [team.stripePriceId, 3],
      [storage.stripePriceId, 1],
    ]);
    const [charged] = await changeInvoices(adaSub);
    expect(charged).toMatchObject({ status: 'paid', amount_paid: previewed });
    await settle(recur);
    await adaSub.reload();
    expect(adaSub.items.map((item) => [item.planId, item.quantity])).toEqual([
      [team.id, 3],
      [storage.id, 1],
    ]);
    expect((await Customer.findByPk(adaSub.customerId))!.monthlyTotal).toBe(3 * team.amount + storage.amount);
    expect(await Payment.count({ where: { subscriptionId: adaSub.id, billingReason: 'subscription_update', status: 'succeeded', amount: previewed } })).toBe(1);
    const audited = await AuditLog.findOne({ where: { action: 'subscription.update_items', entityId: String(adaSub.id) } });
    expect([audited?.adminUserId, audited?.actor]).toEqual([null, `ada-items@example.com (customer ${adaSub.customerId}, portal)`]);
    const dashboard = await (await ada.get('/portal?done=items-changed')).text();
    expect(dashboard).toContain('Your add-ons and seats were changed.');
    expect(dashboard).toMatch(/data-field="addons">Extra storage</);
  });

  it('refuses an add-on the plan does not allow, and seats out of bounds, changing nothing', async () => {
    const before = await remoteItems(adaSub);
    const notAllowed = await ada.get(`${base()}?preview=1&addon=${support.id}&seats=3`);
    expect(notAllowed.status).toBe(409);
    expect(await notAllowed.text()).toContain('Team Seats does not offer Priority support');
    const tooMany = await ada.get(`${base()}?preview=1&addon=${storage.id}&seats=11`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('Team Seats takes 1 to 10');
    const none = await ada.get(`${base()}?preview=1&seats=0`);
    expect(none.status).toBe(400);
    const junk = await ada.get(`${base()}?preview=1&addon=abc`);
    expect(junk.status).toBe(400);
    expect(await junk.text()).toContain('Choose from the add-ons listed');

    const now = String(Math.floor(Date.now() / 1000));
    const posts = [
      await ada.post(base(), { addons: `${storage.id},${support.id}`, seats: '3', when: 'now', prorationDate: now }),
      await ada.post(base(), { addons: String(storage.id), seats: '11', when: 'now', prorationDate: now }),
      await ada.post(base(), { addons: String(storage.id), seats: '4', when: 'now' }),
      await ada.post(base(), { addons: String(storage.id), seats: '4', when: 'now', prorationDate: String(Number(now) - 3 * 3600) }),
    ];
    expect(posts.map((r) => r.status)).toEqual([409, 400, 400, 409]);
    expect(await posts[3]!.text()).toContain('preview has expired');
    expect(await remoteItems(adaSub)).toEqual(before);
  });

  it('schedules a smaller subscription for the period end, shows it with its date and next charge, and drops it on request', async () => {
    const shown = await (await ada.get(`${base()}?preview=1&seats=2`)).text();
    const fields = confirmFields(shown);
    expect(fields).toMatchObject({ addons: '', seats: '2', when: 'period_end' });
    // Nothing prorated: the next invoice, two seats and no add-on.
    expect(amountShown(shown)).toBe(2 * team.amount);
    const confirmed = await ada.post(base(), fields);
    expect([confirmed.status, confirmed.headers.get('location')]).toEqual([303, '/portal?done=change-scheduled']);
    expect(await remoteItems(adaSub)).toEqual([
      [team.stripePriceId, 3],
      [storage.stripePriceId, 1],
    ]);
    await settle(recur);
    await adaSub.reload();
    expect(adaSub.pendingChange?.items.map((item) => [item.planId, item.quantity])).toEqual([[team.id, 2]]);

    const dashboard = await (await ada.get('/portal?done=change-scheduled')).text();
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(adaSub.pendingChange!.effectiveAt));
    expect(dashboard).toContain(`data-field="pending-date">${when}<`);
    expect(dashboard).toContain(`data-field="pending-amount">$14.00<`);
    expect(dashboard).toContain(`action="/portal/subscriptions/${adaSub.id}/pending-change/cancel"`);

    const dropped = await ada.post(`/portal/subscriptions/${adaSub.id}/pending-change/cancel`);
    expect([dropped.status, dropped.headers.get('location')]).toEqual([303, '/portal?done=change-dropped']);
    expect((await recur.stripe.subscriptions.retrieve(adaSub.stripeSubscriptionId)).schedule).toBeNull();
    await settle(recur);
    expect((await adaSub.reload()).pendingChange).toBeNull();
    expect(await (await ada.get('/portal')).text()).not.toContain('data-pending-change');
    expect((await ada.post(`/portal/subscriptions/${adaSub.id}/pending-change/cancel`)).status).toBe(409);
  });

  it('never reaches another customer’s subscription (404, nothing changed)', async () => {
    const gold = `/portal/subscriptions/${bobSub.id}/items`;
    const now = String(Math.floor(Date.now() / 1000));
    const attempts = [
      await ada.get(gold),
      await ada.get(`${gold}?preview=1&addon=${storage.id}`),
      await ada.post(gold, { addons: String(storage.id), when: 'now', prorationDate: now }),
      await ada.post(`/portal/subscriptions/${bobSub.id}/pending-change/cancel`),
      await ada.get('/portal/subscriptions/abc/items'),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(await remoteItems(bobSub)).toEqual([[bobSub.stripePriceId, 1]]);
    // Bob's own page offers Gold's add-ons, and no seats (Gold is not sold per seat).
    const own = await (await bob.get(gold)).text();
    expect(own).toContain(`name="addon" value="${storage.id}"`);
    expect(own).toContain(`name="addon" value="${support.id}"`);
    expect(own).not.toContain('name="seats"');
  });

  it('needs the CSRF token to confirm', async () => {
    const res = await recur.app.request(`/portal/subscriptions/${adaSub.id}/items`, {
      method: 'POST',
      body: new URLSearchParams({ addons: '', seats: '5', when: 'now', prorationDate: String(Math.floor(Date.now() / 1000)) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: ada.cookie },
    });
    expect(res.status).toBe(403);
  });
});

describe('a declined charge for more items', () => {
  it('says the card was declined and how to fix it; nothing changes and nothing is charged', async () => {
    const email = 'declined-items@example.com';
    const subscription = await subscriber(email, 'Gold Monthly');
    const failing = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: (await Customer.findByPk(subscription.customerId))!.stripeCustomerId!,
    });
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: failing.id });
    const client = await portalSignIn(recur, email);
    const base = `/portal/subscriptions/${subscription.id}/items`;
    const fields = confirmFields(await (await client.get(`${base}?preview=1&addon=${support.id}`)).text());
    expect(fields).toMatchObject({ addons: String(support.id), when: 'now' });
    const declined = await client.post(base, fields);
    expect(declined.status).toBe(303);
    expect(declined.headers.get('location')).toMatch(/^\/portal\?done=items-declined&code=/);
    const notice = await (await client.get(declined.headers.get('location')!)).text();
    expect(notice).toContain('Your add-ons and seats were not changed');
    expect(notice).toContain('Update your card');
    expect(await remoteItems(subscription)).toEqual([[subscription.stripePriceId, 1]]);
    await settle(recur);
    expect((await subscription.reload()).items.map((item) => item.planId)).toEqual([subscription.planId]);
    expect(await Payment.count({ where: { subscriptionId: subscription.id, billingReason: 'subscription_update', status: 'succeeded' } })).toBe(0);
  });
});
