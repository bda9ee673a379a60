import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningRecur } from '../../server/runtime';
import { launchChromium, outputDir } from '../helpers/browser';
import { E2E_ADMIN_PASSWORD, startWholeRecur } from '../helpers/wholeRecur';

const ADMIN_EMAIL = 'owner@e2e.local';
const ADMIN_PASSWORD = E2E_ADMIN_PASSWORD;

let recur: RunningRecur;
let browser: Browser;

beforeAll(async () => {
  recur = await startWholeRecur(ADMIN_EMAIL);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

it('signs up on the form, pays on Checkout, and the admin lists the payment as succeeded', async () => {
  const page = await browser.newPage();

  await page.goto(`${recur.url}/signup`);
  await page.getByLabel(/Gold Monthly/).check();
  await page.fill('input[name=email]', 'grace@example.com');
  await page.fill('input[name=name]', 'Grace Hopper');
  await page.click('button[type=submit]');

  // Stripe Checkout (the emulator's hosted page, with Checkout's own input ids).
  await page.waitForURL(/\/c\/pay\/cs_/);
  await page.fill('#cardNumber', '4242 4242 4242 4242');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Grace Hopper');
  // Checkout offers promotion codes, so its form has an Apply button too: click Subscribe.
  await page.click('button.SubmitButton');

  await page.waitForURL(/\/signup\/default\/done\?session_id=cs_/);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('[data-outcome]').getAttribute('data-outcome');
      },
      { timeout: 15_000 },
    )
    .toBe('active');
  await expect.poll(() => page.textContent('main')).toContain('Gold Monthly');

  await page.goto(`${recur.url}/admin/#/login`);
  await page.fill('#email', ADMIN_EMAIL);
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.hash.includes('login'));

  await page.goto(`${recur.url}/admin/#/payments`);
  const row = page.locator('tr', { hasText: 'succeeded' });
  await row.first().waitFor({ timeout: 15_000 });
  expect(await row.count()).toBe(1);
  expect(await row.first().textContent()).toContain('$19.00');
  await page.screenshot({ path: `${outputDir()}/admin-payments.png`, fullPage: true });

  await page.goto(`${recur.url}/admin/#/subscriptions`);
  await page.locator('tr', { hasText: 'active' }).first().waitFor({ timeout: 15_000 });
});
