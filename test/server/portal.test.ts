import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Customer, Invoice, Payment, Plan, PortalLoginRequest, PortalSession, PortalToken, Subscription } from '../../server/db/models';
import { MAX_LINKS_PER_EMAIL, MAX_REQUESTS_PER_IP } from '../../server/portal/rateLimit';
import { payCheckoutPage } from '../helpers/checkout';
import { advanceClock, monthStart } from '../helpers/clock';
import { form, linkFromOutbox, portalSignIn, type PortalClient } from '../helpers/portal';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { chargesOfInvoice } from '../helpers/stripeTruth';

let recur: TestRecur;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
});
afterAll(() => recur.close());

async function subscriber(email: string, plan = 'Silver Monthly'): Promise<Subscription> {
  await signUp(recur, plan, email);
  await settle(recur);
  const customer = await Customer.findOne({ where: { email } });
  return (await Subscription.findOne({ where: { customerId: customer!.id } }))!;
}

const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const login = (email: string, ip = '192.0.2.1') => recur.app.request('/portal/login', form({ email }), fromIp(ip));

describe('portal sign-in by e-mail link', () => {
  it('answers the same for an unknown address and sends nothing to it', async () => {
    await subscriber('known@example.com');
    const known = await login('known@example.com', '192.0.2.10');
    const unknown = await login('nobody@example.com', '192.0.2.10');
    expect([known.status, unknown.status]).toEqual([200, 200]);
    const strip = (html: string, email: string) => html.replaceAll(email, 'EMAIL');
    expect(strip(await unknown.text(), 'nobody@example.com')).toBe(strip(await known.text(), 'known@example.com'));
    expect(await linkFromOutbox(recur, 'known@example.com')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal\/auth\?token=[\w-]{40,}$/);
    expect(await linkFromOutbox(recur, 'nobody@example.com')).toBeNull();
  });

  it('refuses a malformed address with a clear message, keeping the value, and records nothing', async () => {
    const before = await PortalLoginRequest.count();
    const res = await login('not-an-address');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Enter a valid e-mail address');
    expect(html).toContain('value="not-an-address"');
    const empty = await recur.app.request('/portal/login', form({}));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter your e-mail address');
    expect(await PortalLoginRequest.count()).toBe(before);
  });

  it('signs in once per link, by the POST of the Sign in button, with a HttpOnly SameSite=Lax cookie of its own; a second use is refused', async () => {
    await login('known@example.com', '192.0.2.11');
    const link = (await linkFromOutbox(recur, 'known@example.com'))!;
    const url = new URL(link);
    const token = url.searchParams.get('token')!;
    const shown = await recur.app.request(url.pathname + url.search);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('set-cookie')).toBeNull();
    const page = await shown.text();
    expect(page).toContain('action="/portal/auth"');
    expect(page).toContain(`name="token" value="${token}"`);
    const first = await recur.app.request('/portal/auth', form({ token }));
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/portal');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^recur_portal=[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/portal/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure behind https
    // Only digests are stored.
    expect(await PortalToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await PortalSession.count({ where: { id: cookie.split(';')[0]!.split('=')[1]! } })).toBe(0);

    const dashboard = await recur.app.request('/portal', { headers: { cookie: cookie.split(';')[0]! } });
    expect(await dashboard.text()).toContain('Silver Monthly');
    for (const again of [await recur.app.request('/portal/auth', form({ token })), await recur.app.request(url.pathname + url.search)]) {
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('already used');
      expect(again.headers.get('set-cookie')).toBeNull();
    }
  });

  it('expires a link after 15 minutes and offers a new one; a made-up token is refused', async () => {
    await login('known@example.com', '192.0.2.12');
    const link = new URL((await linkFromOutbox(recur, 'known@example.com'))!);
    const row = await PortalToken.findOne({ order: [['id', 'DESC']] });
    expect((row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000).toBeCloseTo(15, 1);
    await row!.update({ expiresAt: new Date(Date.now() - 1000) });
    const res = await recur.app.request(link.pathname + link.search);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain('has expired');
    expect(html).toContain('action="/portal/login"');
    expect((await recur.app.request('/portal/auth?token=made-up-token-aaaaaaaaaaaaaaaaaaaaa')).status).toBe(400);
    expect((await recur.app.request('/portal/auth')).status).toBe(400);
  });

  it('limits links per address and requests per client, saying so plainly', async () => {
    const email = 'limited@example.com';
    await subscriber(email);
    for (let i = 0; i < MAX_LINKS_PER_EMAIL; i++) expect((await login(email, `198.51.100.${i}`)).status).toBe(200);
    await recur.sender.flush();
    const tokens = await PortalToken.count();
    const limited = await login(email, '198.51.100.200');
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Too many sign-in links');
    await recur.sender.flush();
    expect(await PortalToken.count()).toBe(tokens);

    for (let i = 0; i < MAX_REQUESTS_PER_IP; i++) expect((await login(`probe${i}@example.com`, '203.0.113.9')).status).toBe(200);
    expect((await login('probe-last@example.com', '203.0.113.9')).status).toBe(429);
    expect((await login('probe-last@example.com', '203.0.113.10')).status).toBe(200);
  });

  it('signs out', async () => {
    await PortalLoginRequest.destroy({ where: { email: 'known@example.com' } }); // as if 15 minutes had passed
    const client = await portalSignIn(recur, 'known@example.com');
    const out = await client.post('/portal/logout');
    expect([out.status, out.headers.get('location')]).toEqual([303, '/portal?done=signed-out']);
    expect(await (await client.get('/portal')).text()).toContain('action="/portal/login"');
  });
});

describe('portal dashboard and actions', () => {
  let ada: PortalClient;
  let bob: PortalClient;
  let adaSub: Subscription;
  let bobSub: Subscription;
  beforeAll(async () => {
    adaSub = await subscriber('ada@example.com', 'Silver Monthly');
    bobSub = await subscriber('bob@example.com', 'Gold Monthly');
    ada = await portalSignIn(recur, 'ada@example.com');
    bob = await portalSignIn(recur, 'bob@example.com');
  });

  it('shows plan, status, next charge from Stripe, card and invoices', async () => {
    const html = await (await ada.get('/portal')).text();
    expect(html).toContain('Silver Monthly');
    expect(html).toContain('Active');
    const upcoming = await recur.stripe.invoices.createPreview({ subscription: adaSub.stripeSubscriptionId });
    expect(upcoming.amount_due).toBe(900);
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(adaSub.currentPeriodEnd!);
    expect(html).toContain(`$9.00 on ${when}`);
    expect(html).toContain('visa ending 4242');
    expect(html).toMatch(/data-field="invoice-status"><span class="status">Paid/);
    expect(html).not.toContain('bob@example.com');
    expect(html).not.toContain('Gold Monthly ·');
  });

  it('requires the CSRF token and a session on every POST; nothing changes without them', async () => {
    const noToken = await recur.app.request(`/portal/subscriptions/${adaSub.id}/cancel`, {
      ...form({ confirm: 'yes' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: ada.cookie },
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('nothing was changed');
    const wrong = await recur.app.request(`/portal/subscriptions/${adaSub.id}/cancel`, {
      ...form({ confirm: 'yes', csrf: bob.csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: ada.cookie },
    });
    expect(wrong.status).toBe(403);
    const noSession = await recur.app.request(`/portal/subscriptions/${adaSub.id}/cancel`, form({ confirm: 'yes', csrf: ada.csrf }));
    expect(noSession.status).toBe(401);
    expect((await adaSub.reload()).cancelAtPeriodEnd).toBe(false);
    expect((await recur.stripe.subscriptions.retrieve(adaSub.stripeSubscriptionId)).cancel_at_period_end).toBe(false);
  });

  it('cancels at period end only after confirmation, and resumes; both audited as the customer', async () => {
    const confirm = await ada.get(`/portal/subscriptions/${adaSub.id}/cancel`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Yes, cancel at period end');
    const unconfirmed = await ada.post(`/portal/subscriptions/${adaSub.id}/cancel`);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Confirm the cancellation');
    expect((await adaSub.reload()).cancelAtPeriodEnd).toBe(false);

    const canceled = await ada.post(`/portal/subscriptions/${adaSub.id}/cancel`, { confirm: 'yes' });
    expect([canceled.status, canceled.headers.get('location')]).toEqual([303, '/portal?done=canceled']);
    expect((await adaSub.reload()).cancelAtPeriodEnd).toBe(true);
    expect((await recur.stripe.subscriptions.retrieve(adaSub.stripeSubscriptionId)).cancel_at_period_end).toBe(true);
    const page = await (await ada.get('/portal?done=canceled')).text();
    expect(page).toContain('will end at the end of the current period');
    expect(page).toContain('Resume subscription');
    expect((await ada.post(`/portal/subscriptions/${adaSub.id}/cancel`, { confirm: 'yes' })).status).toBe(409);

    const resumed = await ada.post(`/portal/subscriptions/${adaSub.id}/resume`);
    expect(resumed.status).toBe(303);
    expect((await adaSub.reload()).cancelAtPeriodEnd).toBe(false);
    expect((await ada.post(`/portal/subscriptions/${adaSub.id}/resume`)).status).toBe(409);
    const audited = await AuditLog.findAll({ where: { entityType: 'subscription', entityId: String(adaSub.id) }, order: [['id', 'ASC']] });
    expect(audited.map((a) => [a.action, a.adminUserId, a.actor])).toEqual([
      ['subscription.cancel_at_period_end', null, `ada@example.com (customer ${adaSub.customerId}, portal)`],
      ['subscription.resume', null, `ada@example.com (customer ${adaSub.customerId}, portal)`],
    ]);
  });

  it('never lets a customer reach another customer’s subscription or invoice (404, nothing changed)', async () => {
    const bobInvoice = (await Invoice.findOne({ where: { customerId: bobSub.customerId } }))!;
    const gold = (await Plan.findOne({ where: { name: 'Platinum Monthly' } }))!;
    const attempts = [
      await ada.get(`/portal/subscriptions/${bobSub.id}/change`),
      await ada.get(`/portal/subscriptions/${bobSub.id}/change?plan=${gold.id}`),
      await ada.get(`/portal/subscriptions/${bobSub.id}/cancel`),
      await ada.post(`/portal/subscriptions/${bobSub.id}/cancel`, { confirm: 'yes' }),
      await ada.post(`/portal/subscriptions/${bobSub.id}/resume`),
      await ada.post(`/portal/subscriptions/${bobSub.id}/change`, { plan: String(gold.id), prorationDate: String(Math.floor(Date.now() / 1000)) }),
      await ada.post(`/portal/invoices/${bobInvoice.id}/pay`),
      await ada.post('/portal/invoices/99999999/pay'),
      await ada.get('/portal/subscriptions/abc/change'),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
    const remote = await recur.stripe.subscriptions.retrieve(bobSub.stripeSubscriptionId);
    expect([remote.cancel_at_period_end, remote.items.data[0]!.price.id]).toEqual([false, bobSub.stripePriceId]);
  });

  it('refuses bad plan-change input with a clear message and changes nothing', async () => {
    const base = `/portal/subscriptions/${adaSub.id}/change`;
    const bad = await ada.get(`${base}?plan=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose one of the plans listed');
    const missing = await ada.get(`${base}?plan=999999`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('No plan with id 999999');
    const same = await ada.get(`${base}?plan=${adaSub.planId}`);
    expect(same.status).toBe(409);
    const noDate = await ada.post(base, { plan: String(adaSub.planId) });
    expect(noDate.status).toBe(400);
    expect(await noDate.text()).toContain('Look at the price first');
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const stale = await ada.post(base, { plan: String(gold.id), prorationDate: String(Math.floor(Date.now() / 1000) - 3 * 3600) });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('preview has expired');
    expect((await adaSub.reload()).planId).not.toBe(gold.id);
    expect((await recur.stripe.subscriptions.retrieve(adaSub.stripeSubscriptionId)).items.data[0]!.price.id).toBe(adaSub.stripePriceId);
  });

  it('upgrades with a preview equal to the amount then charged', async () => {
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    const base = `/portal/subscriptions/${adaSub.id}/change`;
    const list = await (await ada.get(base)).text();
    expect(list).toContain('Gold Monthly');
    expect(list).not.toContain(`data-plan="${adaSub.planId}"`);
    const page = await (await ada.get(`${base}?plan=${gold.id}`)).text();
    const prorationDate = /name="prorationDate" value="(\d+)"/.exec(page)![1]!;
    const shown = /data-field="amount-due">\$([\d.]+)</.exec(page)![1]!;
    const amountDue = Math.round(Number(shown) * 100);
    expect(amountDue).toBeGreaterThan(0);
    const changed = await ada.post(base, { plan: String(gold.id), prorationDate });
    expect([changed.status, changed.headers.get('location')]).toEqual([303, '/portal?done=plan-changed']);
    expect((await adaSub.reload()).planId).toBe(gold.id);
    await settle(recur);
    const charge = await Payment.findOne({ where: { subscriptionId: adaSub.id, billingReason: 'subscription_update' } });
    expect([charge?.status, charge?.amount]).toEqual(['succeeded', amountDue]);
    expect(await AuditLog.count({ where: { action: 'subscription.change_plan', entityId: String(adaSub.id), adminUserId: null } })).toBe(1);
  });

  it('refuses to pay an invoice that is already paid', async () => {
    const invoice = (await Invoice.findOne({ where: { customerId: adaSub.customerId, status: 'paid' } }))!;
    const res = await ada.post(`/portal/invoices/${invoice.id}/pay`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('already paid');
  });
});

describe('a failed renewal, paid from the portal after a card update', () => {
  it('says plainly when the card still fails, then pays after Checkout in setup mode saves a new card', async () => {
    const email = 'dunning@example.com';
    const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
    const stripeCustomer = await recur.stripe.customers.create({ email, name: 'dunning', test_clock: clock.id });
    await signUp(recur, 'Silver Monthly', email);
    await settle(recur);
    const subscription = (await Subscription.findOne({
      where: { customerId: (await Customer.findOne({ where: { stripeCustomerId: stripeCustomer.id } }))!.id },
    }))!;
    const failing = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: stripeCustomer.id });
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: failing.id });
    await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
    await settle(recur);
    const open = (await Invoice.findOne({ where: { subscriptionId: subscription.id, status: 'open' } }))!;
    expect(open.amountDue).toBe(900);

    const client = await portalSignIn(recur, email);
    const page = await (await client.get('/portal')).text();
    expect(page).toContain('Payment failed');
    expect(page).toContain(`action="/portal/invoices/${open.id}/pay"`);

    const failed = await client.post(`/portal/invoices/${open.id}/pay`);
    expect(failed.status).toBe(303);
    const notice = await (await client.get(failed.headers.get('location')!)).text();
    expect(notice).toContain('The payment did not go through');
    expect((await open.reload()).status).toBe('open');

    // Update the card through Checkout in setup mode; someone else's session is not accepted.
    const started = await client.post('/portal/card');
    expect(started.status).toBe(303);
    const checkoutUrl = started.headers.get('location')!;
    const sessionId = /cs_\w+/.exec(checkoutUrl)![0];
    expect((await recur.stripe.checkout.sessions.retrieve(sessionId)).mode).toBe('setup');
    const paid = await payCheckoutPage(checkoutUrl, { number: '4242 4242 4242 4242' });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location')!);
    expect(back.pathname).toBe('/portal/card/done');
    const other = await portalSignIn(recur, 'ada@example.com');
    expect((await other.get(back.pathname + back.search)).status).toBe(404);
    expect((await client.get('/portal/card/done?session_id=nope')).status).toBe(404);
    const saved = await client.get(back.pathname + back.search);
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/portal?done=card-saved']);
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId, { expand: ['default_payment_method'] });
    const pm = remote.default_payment_method;
    expect(typeof pm === 'object' && pm?.card?.last4).toBe('4242');
    const customer = await recur.stripe.customers.retrieve(stripeCustomer.id);
    expect(!customer.deleted && customer.invoice_settings.default_payment_method).toBe(typeof pm === 'object' ? pm?.id : null);

    // On a frozen test clock every event shares one second; let the card update's land first, as they would in real time.
    await settle(recur);
    // Two clicks at once: the key names the last charge (the decline), so the fixed card is a new
    // attempt, and both clicks share it: Stripe charges once (the other is "in progress", replayed,
    // or finds the invoice paid), never a 500.
    const clicks = await Promise.all([0, 1].map(() => client.post(`/portal/invoices/${open.id}/pay`)));
    expect(clicks.every((r) => r.status === 303 || r.status === 409)).toBe(true);
    expect(clicks.map((r) => r.headers.get('location'))).toContain('/portal?done=paid');
    expect((await open.reload()).status).toBe('paid');
    const charges = await chargesOfInvoice(recur.stripe, open.stripeInvoiceId);
    expect(charges.filter((c) => c.status === 'succeeded')).toHaveLength(1);
    await settle(recur);
    const succeeded = await Payment.findOne({ where: { stripeInvoiceId: open.stripeInvoiceId, status: 'succeeded' } });
    expect(succeeded?.amount).toBe(900);
    expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).status).toBe('active');
    expect((await subscription.reload()).status).toBe('active');
    const audited = await AuditLog.findAll({ where: { adminUserId: null, actor: `${email} (customer ${subscription.customerId}, portal)` } });
    expect(new Set(audited.map((a) => a.action))).toEqual(new Set(['customer.update_card', 'invoice.pay']));
  });
});
