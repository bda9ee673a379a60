import type Stripe from 'stripe';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Customer, Subscription } from '../../server/db/models';
import { launchChromium, outputDir } from '../helpers/browser';
import { portalSignIn } from '../helpers/portal';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// An upgrade is applied only once it is paid (Stripe's pending updates,
// docs.stripe.com/billing/subscriptions/pending-updates). Found by probing: an upgrade whose
// charge declined was applied anyway, and a downgrade back credited the unpaid time.

let recur: TestRecur;
let browser: Browser;
beforeAll(async () => {
  recur = await startTestRecur();
  await recur.listen();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${outputDir()}/portal-declined-${name}.png`, fullPage: true });

/** Card updates go through Stripe Checkout in setup mode: the emulator's page, with Checkout's input ids. */
async function saveCard(page: Page, number: string): Promise<void> {
  await page.click('button:has-text("Update card")');
  await page.waitForURL(/\/c\/pay\/cs_/);
  await page.fill('#cardNumber', number);
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Upgrade Tester');
  await page.press('#billingName', 'Enter');
  await page.waitForURL(/\/portal\?done=card-saved/);
}

async function upgradeToGold(page: Page): Promise<void> {
  await page.click('text=Change plan');
  await page.locator('[data-plan]', { hasText: 'Gold Monthly' }).locator('a').click();
  await page.click('button:has-text("Confirm and pay")');
}

it('refuses an upgrade whose charge is declined (still on the old plan, no credit), then upgrades once the card is fixed', async () => {
  const email = 'declined-upgrade@example.com';
  await signUp(recur, 'Silver Monthly', email);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email } }))!;
  const subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
  const portal = await portalSignIn(recur, email);
  const page = await browser.newPage();
  await page.context().addCookies([{ name: portal.cookie.split('=')[0]!, value: portal.cookie.split('=').slice(1).join('='), url: recur.baseUrl }]);
  await page.goto(`${recur.baseUrl}/portal`);

  // A card that saves fine and then declines every charge (4000 0000 0000 0341).
  await saveCard(page, '4000 0000 0000 0341');
  await settle(recur);
  await upgradeToGold(page);
  await page.waitForURL(/done=change-declined/);
  expect(await page.locator('[data-notice]').textContent()).toContain('Your plan was not changed');
  expect(await page.locator('[data-field=plan]').textContent()).toContain('Silver Monthly');
  await shot(page, '1-refused');
  const remote = await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId);
  expect([remote.items.data[0]!.price.id, remote.pending_update]).toEqual([(await subscription.reload()).stripePriceId, null]);
  expect(((await recur.stripe.customers.retrieve(customer.stripeCustomerId!)) as Stripe.Customer).balance).toBe(0);

  await saveCard(page, '4242 4242 4242 4242');
  await settle(recur);
  await upgradeToGold(page);
  await page.waitForURL(/done=plan-changed/);
  expect(await page.locator('[data-field=plan]').textContent()).toContain('Gold Monthly');
  await shot(page, '2-upgraded');
  await settle(recur);
  expect(((await recur.stripe.customers.retrieve(customer.stripeCustomerId!)) as Stripe.Customer).balance).toBe(0);
});
