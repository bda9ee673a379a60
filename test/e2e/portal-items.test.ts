import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { launchChromium, outputDir } from '../helpers/browser';
import { linkFromOutbox } from '../helpers/portal';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// The portal's add-ons and seats in a browser (issue 14): the preview is Stripe's invoice preview
// of the change (docs.stripe.com/api/invoices/create_preview) and confirming charges exactly it,
// for the preview's proration date (docs.stripe.com/billing/subscriptions/prorations).

let recur: TestRecur;
let browser: Browser;
let team: Plan;
let storage: Plan;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  browser = await launchChromium();
  const cookie = await signInCookie(recur.app);
  storage = (await Plan.findOne({ where: { name: 'Extra storage' } }))!;
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
  expect(res.status).toBe(201);
  team = (await Plan.findByPk((await res.json()).id))!;
});
afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

it('adds an add-on and goes to 3 seats, seeing the preview before confirming; the charge equals the preview', async () => {
  const email = 'hopper-items@example.com';
  await signUp(recur, 'Team Seats', email);
  await settle(recur);
  const subscription = (await Subscription.findOne({ where: { customerId: (await Customer.findOne({ where: { email } }))!.id } }))!;

  const page = await browser.newPage();
  await page.goto(`${recur.baseUrl}/portal`);
  await page.fill('#email', email);
  await page.click('button[type=submit]');
  await expect.poll(() => page.locator('[data-outcome]').textContent()).toContain('a sign-in link is on its way');
  const link = await linkFromOutbox(recur, email);
  await page.goto(link!);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL(`${recur.baseUrl}/portal`);
  expect(await page.locator('[data-field=seats]').textContent()).toBe('1');

  await page.click('text=Add-ons and seats');
  await page.getByLabel(/Extra storage/).check();
  await page.fill('input[name=seats]', '3');
  await page.click('button:has-text("Preview")');
  await page.locator('[data-preview]').waitFor();
  const shown = (await page.locator('[data-field=amount-due]').textContent())!;
  const previewed = Math.round(Number(shown.replace(/[^\d.]/g, '')) * 100);
  expect(previewed).toBeGreaterThan(0);
  // Nothing has changed yet: the preview is only a look.
  expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).items.data).toHaveLength(1);
  await page.screenshot({ path: `${outputDir()}/portal-items-preview.png`, fullPage: true });

  await page.click('button:has-text("Confirm and pay")');
  await page.waitForURL(/done=items-changed/);
  expect(await page.locator('[data-field=seats]').textContent()).toBe('3');
  expect(await page.locator('[data-field=addons]').textContent()).toBe('Extra storage');
  await page.screenshot({ path: `${outputDir()}/portal-items-changed.png`, fullPage: true });

  const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  expect(remote.items.data.map((item) => [item.price.id, item.quantity])).toEqual([
    [team.stripePriceId, 3],
    [storage.stripePriceId, 1],
  ]);
  await settle(recur);
  const charged = await Payment.findOne({ where: { subscriptionId: subscription.id, billingReason: 'subscription_update' } });
  expect([charged?.status, charged?.amount]).toEqual(['succeeded', previewed]);
  expect((await Customer.findByPk(subscription.customerId))!.monthlyTotal).toBe(3 * team.amount + storage.amount);
  await page.close();
});
