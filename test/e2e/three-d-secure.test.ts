import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Customer, Payment, Subscription } from '../../server/db/models';
import { launchChromium, outputDir } from '../helpers/browser';
import { advanceClock, monthStart } from '../helpers/clock';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';

// 3D Secure end to end, in a browser: Stripe's always-authenticate test card 4000002760003184
// (docs.stripe.com/testing, "Authentication and setup") at signup, then a renewal the bank wants
// authenticated (docs.stripe.com/billing/subscriptions/overview#requires-action): the customer is
// e-mailed, confirms on the invoice's hosted page, and the admin shows the subscription active.

let recur: TestRecur;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startTestSmtp();
  recur = await startTestRecur({ smtpUrl: smtp.url });
  await recur.listen();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await recur?.close();
  await smtp?.close();
});

const EMAIL = 'ada-sca@example.com';
const shot = (page: Page, name: string) => page.screenshot({ path: `${outputDir()}/sca-${name}.png`, fullPage: true });

it('signs up with a card that always asks for authentication, then confirms a renewal from the e-mail’s link', async () => {
  // The customer lives on a test clock, so its renewal can be brought forward; the form finds it by e-mail.
  const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
  const stripeCustomer = await recur.stripe.customers.create({ email: EMAIL, name: 'Ada', test_clock: clock.id });
  const page = await browser.newPage();

  await page.goto(`${recur.baseUrl}/signup`);
  await page.getByLabel(/Gold Monthly/).check();
  await page.fill('input[name=email]', EMAIL);
  await page.fill('input[name=name]', 'Ada');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/c\/pay\/cs_/);
  await page.fill('#cardNumber', '4000 0027 6000 3184');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Ada Lovelace');
  await page.press('#billingName', 'Enter');
  // The bank's challenge, as on Stripe's 3D Secure test page.
  await page.locator('#test-source-authorize-3ds').waitFor();
  await shot(page, '1-authenticate-signup');
  await page.click('#test-source-authorize-3ds');
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

  // The renewal: Stripe charges off session, the bank wants the customer.
  await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
  await settle(recur);
  const customer = (await Customer.findOne({ where: { stripeCustomerId: stripeCustomer.id } }))!;
  const subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
  expect(subscription.status).toBe('past_due');
  const mail = await smtp.waitFor((m) => m.to.includes(EMAIL) && m.subject.startsWith('Please confirm your payment'));
  const confirmUrl = /(http:\/\/\S+\/i\/in_\w+)/.exec(mail.text)?.[1];
  expect(confirmUrl).toBeTruthy();

  await page.goto(confirmUrl!);
  await shot(page, '2-hosted-invoice');
  await page.click('#confirm-payment');
  await page.locator('#test-source-authorize-3ds').waitFor();
  await page.click('#test-source-authorize-3ds');
  await page.waitForURL(confirmUrl!);
  expect(await page.locator('#invoice-status').textContent()).toBe('paid');
  await settle(recur);
  expect((await subscription.reload()).status).toBe('active');
  expect(await Payment.count({ where: { subscriptionId: subscription.id, status: 'requires_action' } })).toBe(0);

  await page.goto(`${recur.baseUrl}/admin/#/login`);
  await page.fill('#email', OWNER_EMAIL);
  await page.fill('#password', OWNER_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.hash.includes('login'));
  await page.goto(`${recur.baseUrl}/admin/#/subscriptions/${subscription.id}/show`);
  await expect.poll(() => page.textContent('main'), { timeout: 15_000 }).toContain('active');
  await shot(page, '3-admin-active');
});
