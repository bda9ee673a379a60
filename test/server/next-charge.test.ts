import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Plan, Subscription } from '../../server/db/models';
import { createLogger } from '../../server/logger';
import { control } from '../helpers/ops';
import { portalSignIn } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { jsonRequest } from '../helpers/api';

/**
 * A subscription that will not be invoiced again has no upcoming invoice: invoices.createPreview
 * answers with the error code `invoice_upcoming_none` (docs.stripe.com/error-codes#invoice-upcoming-none,
 * docs.stripe.com/api/invoices/create_preview) — for cancel_at_period_end, and for a `cancel_at`
 * before the next period (docs.stripe.com/billing/subscriptions/cancel). Recur says "no next
 * charge"; and a preview Stripe fails to give is "unavailable" for that part of the page only.
 */

let recur: TestRecur;
let cookie: string;
const logged: string[] = [];

beforeAll(async () => {
  recur = await startTestRecur({ log: createLogger('warn', { write: (line: string) => void logged.push(line) }) });
  await recur.listen();
  cookie = await signInCookie(recur.app);
});
afterEach(async () => {
  await control(recur.emulator, 'DELETE', '/faults');
});
afterAll(() => recur.close());

const api = (method: string, path: string, body?: unknown) => jsonRequest(recur.app, method, path, { cookie, body });

async function subscriber(email: string, plan = 'Silver Monthly'): Promise<Subscription> {
  await signUp(recur, plan, email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  return (await Subscription.findOne({ where: { customerId: customer.id } }))!;
}

const upcoming = async (subscription: Subscription) => {
  const res = await api('GET', `/api/subscriptions/${subscription.id}/upcoming`);
  expect(res.status).toBe(200);
  return res.json();
};

const nextChargeText = (page: string) => /data-field="next-charge"[^>]*>([^<]*)</.exec(page)?.[1] ?? '';

describe('the next charge', () => {
  it("is Stripe's preview of the renewal for a subscription that renews", async () => {
    const subscription = await subscriber('renews@example.com');
    expect(await upcoming(subscription)).toEqual({ status: 'scheduled', at: subscription.currentPeriodEnd!.toISOString(), amount: 900, currency: 'usd' });
  });

  it('is "none" once the subscription cancels at period end, in the admin and in the portal', async () => {
    const subscription = await subscriber('ends@example.com');
    expect((await api('POST', `/api/subscriptions/${subscription.id}/cancel`, { atPeriodEnd: true })).status).toBe(200);
    await settle(recur);
    expect(await upcoming(subscription)).toMatchObject({ status: 'none', endsAt: subscription.currentPeriodEnd!.toISOString() });

    const portal = await portalSignIn(recur, 'ends@example.com');
    const page = await portal.get('/portal');
    expect(page.status).toBe(200);
    expect(nextChargeText(await page.text())).toContain('None — ends on');
  });

  it('is "none" for a cancel_at set in Stripe before the next period, where Stripe has no upcoming invoice', async () => {
    const subscription = await subscriber('cancel-at@example.com');
    const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
    const end = remote.items.data[0]!.current_period_end;
    // Set elsewhere (the Dashboard, another app): not cancel_at_period_end, so only Stripe's answer tells.
    await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { cancel_at: end - 86_400 });
    await expect(recur.stripe.invoices.createPreview({ subscription: subscription.stripeSubscriptionId })).rejects.toMatchObject({
      code: 'invoice_upcoming_none',
    });
    await settle(recur);

    expect(await upcoming(subscription)).toMatchObject({ status: 'none', message: expect.stringContaining('No next charge') });
    const portal = await portalSignIn(recur, 'cancel-at@example.com');
    const page = await portal.get('/portal');
    expect(page.status).toBe(200);
    expect(nextChargeText(await page.text())).toContain('None');

    // A plan-change preview for it answers with words (200 or 409), never a 500.
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    expect([200, 409]).toContain((await api('GET', `/api/subscriptions/${subscription.id}/preview?plan=${gold.id}`)).status);
  });

  it('is "unavailable" when Stripe fails the preview: logged, and the rest of the page still shows', async () => {
    const subscription = await subscriber('flaky@example.com');
    const faults = await control(recur.emulator, 'PUT', '/faults', { api: { errorRate: 1, pathPrefix: '/v1/invoices/create_preview' } });
    expect(faults.status).toBe(200);

    expect(await upcoming(subscription)).toMatchObject({ status: 'unavailable', message: expect.stringContaining('unavailable') });
    const portal = await portalSignIn(recur, 'flaky@example.com');
    const res = await portal.get('/portal');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(nextChargeText(page)).toContain('Unavailable');
    expect(page).toContain('data-field="card"');
    expect(page).toContain('data-invoice=');
    expect(
      logged.filter((line) => line.includes('upcoming invoice preview failed') && line.includes(subscription.stripeSubscriptionId)).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 for an unknown subscription', async () => {
    expect((await api('GET', '/api/subscriptions/999999/upcoming')).status).toBe(404);
  });
});
