import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Notification, Payment, StripeEvent, Subscription } from '../../server/db/models';
import { advanceClock, DAY, START } from '../helpers/clock';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';

let recur: TestRecur;
let smtp: TestSmtp;
let cookie: string;
beforeAll(async () => {
  smtp = await startTestSmtp();
  recur = await startTestRecur({ smtpUrl: smtp.url });
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterAll(async () => {
  await recur.close();
  await smtp.close();
});

const EMAIL = 'babbage@example.com';
const TRIAL_END = START + 14 * DAY;
const emulator = (path: string, init?: RequestInit) => fetch(`${recur.emulator.url}/_emulator${path}`, init);
const mailsOf = (subject: RegExp) => smtp.messages.filter((m) => m.to.includes(EMAIL) && subject.test(m.subject));

describe('a renewal that fails', () => {
  let clock: Stripe.TestHelpers.TestClock;
  let subscription: Subscription;

  it('starts as a trial on a 0341 card (it attaches; charges will fail)', async () => {
    clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: START });
    await recur.stripe.customers.create({ email: EMAIL, name: 'Charles Babbage', test_clock: clock.id });
    await signUp(recur, 'Platinum Monthly', EMAIL, '4000 0000 0000 0341');
    await settle(recur);
    const customer = (await Customer.findOne({ where: { email: EMAIL } }))!;
    subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
    expect(subscription.status).toBe('trialing');
  });

  it('e-mails the customer once, through SMTP, with the reason, the amount and a portal link — even with every delivery duplicated', async () => {
    const faults = await emulator('/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliveries: { duplicateRate: 1 } }),
    });
    expect(faults.status).toBe(200);
    await advanceClock(recur.stripe, clock.id, TRIAL_END + 60);
    await settle(recur);
    expect(((await (await emulator('/faults/injected')).json()) as { duplicated: number }).duplicated).toBeGreaterThan(0);
    await emulator('/faults', { method: 'DELETE' });

    const failed = (await Payment.findOne({ where: { subscriptionId: subscription.id, status: 'failed' } }))!;
    expect(failed).toMatchObject({ amount: 4900, failureMessage: 'Your card was declined.' });
    const mail = await smtp.waitFor((m) => m.to.includes(EMAIL) && /failed/.test(m.subject));
    expect(mail.subject).toBe('Your payment of $49.00 for Platinum Monthly failed');
    expect(mail.text).toContain('Reason: Your card was declined.');
    expect(mail.text).toContain('Hello Charles Babbage');
    const link = /(http:\/\/\S+\/portal\/auth\?token=[\w-]+)/.exec(mail.text)?.[1];
    expect(link?.startsWith(`${recur.baseUrl}/portal/auth?token=`)).toBe(true);
    expect(mail.html).toContain(`<a href="${link}">`);

    // The outbox holds the same message, once, keyed by the failed payment.
    await recur.sender.flush();
    const rows = await Notification.findAll({ where: { customerId: subscription.customerId, template: 'payment_failed' } });
    expect(rows.map((r) => [r.status, r.dedupeKey, r.to])).toEqual([['sent', `payment_failed:${failed.id}`, EMAIL]]);
    // ... without its sign-in token, which left with the e-mail.
    const token = new URL(link!).searchParams.get('token')!;
    expect(rows[0]!.textBody).toBe(mail.text.replace(token, '(redacted)'));
    expect(JSON.stringify(rows[0]!.get())).not.toContain(token);
    expect(mailsOf(/failed/)).toHaveLength(1);
    // Stripe's trial_will_end (three days earlier on the clock) became its own e-mail, also once.
    expect(mailsOf(/trial ends/)).toHaveLength(1);

    // The link offers to sign in (spending nothing yet); its button signs the customer in to the portal, which offers to update the card.
    const shown = await fetch(link!, { redirect: 'manual' });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain(`name="token" value="${token}"`);
    const signIn = await fetch(`${recur.baseUrl}/portal/auth`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
    expect(signIn.status).toBe(303);
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(session).toMatch(/^recur_portal=./);
    const portal = await fetch(`${recur.baseUrl}/portal`, { headers: { cookie: session } });
    expect(portal.status).toBe(200);
    const html = await portal.text();
    expect(html).toContain(EMAIL);
    expect(html).toMatch(/<form[^>]*action="\/portal\/card"[\s\S]*?Update card/);
    // Single use: the same link does not sign in twice.
    const again = await fetch(`${recur.baseUrl}/portal/auth`, { method: 'POST', body: new URLSearchParams({ token }), redirect: 'manual' });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie') ?? '').not.toContain('recur_portal=');
  });

  it('still sends it once when the event is replayed in Recur and re-sent by Stripe', async () => {
    const event = (await StripeEvent.findOne({
      where: {
        type: 'invoice.payment_failed',
        objectId: (await Payment.findOne({ where: { subscriptionId: subscription.id, status: 'failed' } }))!.stripeInvoiceId,
      },
    }))!;
    expect((await recur.app.request(`/api/events/${event.id}/replay`, { method: 'POST', headers: { cookie } })).status).toBe(200);
    expect((await emulator(`/events/${event.id}/resend`, { method: 'POST' })).status).toBeLessThan(300);
    await settle(recur);
    await recur.sender.flush();
    expect(mailsOf(/failed/)).toHaveLength(1);
    expect(await Notification.count({ where: { template: 'payment_failed' } })).toBe(1);
  });

  it('tells the customer once when the subscription has ended', async () => {
    await recur.stripe.subscriptions.cancel(subscription.stripeSubscriptionId);
    await settle(recur);
    const mail = await smtp.waitFor((m) => m.to.includes(EMAIL) && /ended/.test(m.subject));
    expect(mail.subject).toBe('Your Platinum Monthly subscription has ended');
    expect(mail.text).toContain(`You can subscribe again at any time: ${recur.baseUrl}/portal`);
    await recur.sender.flush();
    expect(mailsOf(/ended/)).toHaveLength(1);
  });
});

describe('receipts', () => {
  const faults = (body: object | null) =>
    emulator('/faults', body ? { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : { method: 'DELETE' });

  it('e-mails a receipt for a payment reported by a live webhook', async () => {
    await signUp(recur, 'Gold Monthly', 'receipt@example.com');
    await settle(recur);
    const mail = await smtp.waitFor((m) => m.to.includes('receipt@example.com'));
    expect(mail.subject).toBe('Receipt: $19.00 for Gold Monthly');
    expect(mail.text).toContain('we received $19.00 for your Gold Monthly subscription');
  });

  it('does not e-mail the history a sync brings in (payments whose webhooks were missed)', async () => {
    await faults({ deliveries: { dropRate: 1 } });
    await signUp(recur, 'Silver Monthly', 'missed@example.com');
    await settle(recur);
    await faults(null);
    expect(await Customer.count({ where: { email: 'missed@example.com' } })).toBe(0);
    expect((await recur.app.request('/api/sync', { method: 'POST', headers: { cookie } })).status).toBe(200);
    const customer = (await Customer.findOne({ where: { email: 'missed@example.com' } }))!;
    expect(await Payment.count({ where: { customerId: customer.id, status: 'succeeded' } })).toBe(1);
    await recur.sender.flush();
    expect(await Notification.count({ where: { customerId: customer.id } })).toBe(0);
    expect(smtp.messages.filter((m) => m.to.includes('missed@example.com'))).toEqual([]);
  });
});
