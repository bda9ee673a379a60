import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Invoice, Payment, Subscription } from '../../server/db/models';
import { launchChromium, outputDir } from '../helpers/browser';
import { advanceClock, DAY, START } from '../helpers/clock';
import { linkFromOutbox } from '../helpers/portal';
import { startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp';

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

const shot = (page: Page, name: string) => page.screenshot({ path: `${outputDir()}/portal-${name}.png`, fullPage: true });
const linkIn = (text: string) => /(http:\/\/\S+\/portal\/auth\?token=[\w-]+)/.exec(text)?.[1];
const notice = (page: Page) => page.locator('[data-notice]').textContent();

/** Stripe Checkout in setup mode: the emulator's hosted page, with Checkout's own input ids. */
async function saveCardOnCheckout(page: Page, number: string): Promise<void> {
  await page.waitForURL(/\/c\/pay\/cs_/);
  await page.fill('#cardNumber', number);
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Portal Tester');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/portal\?done=card-saved/);
}

describe('the customer portal in a browser', () => {
  it('signs in with the link from the SMTP server and the outbox; upgrades with a preview equal to the charge; cancels and resumes; updates the card', async () => {
    const email = 'grace@example.com';
    await signUp(recur, 'Silver Monthly', email);
    await settle(recur);
    const subscription = (await Subscription.findOne({ where: { customerId: (await Customer.findOne({ where: { email } }))!.id } }))!;
    const page = await browser.newPage();

    await page.goto(`${recur.baseUrl}/portal`);
    await shot(page, '1-sign-in');
    await page.fill('#email', email);
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[data-outcome]').textContent()).toContain('a sign-in link is on its way');

    const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject === 'Your sign-in link');
    const link = linkIn(mail.text);
    expect(link?.startsWith(`${recur.baseUrl}/portal/auth?token=`)).toBe(true);
    // Sent: the outbox keeps the message but not its token.
    expect(await linkFromOutbox(recur, email)).toBeNull();

    // Opening the link signs in only by its button (a mail scanner's GET spends nothing).
    await page.goto(link!);
    expect(await page.locator('[data-email]').textContent()).toBe(email);
    await shot(page, '1b-sign-in-button');
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${recur.baseUrl}/portal`);
    expect(await page.locator('[data-field=plan]').textContent()).toContain('Silver Monthly');
    expect(await page.locator('[data-field=status]').textContent()).toContain('Active');
    expect(await page.locator('[data-field=next-charge]').textContent()).toMatch(/^\$9\.00 on /);
    await shot(page, '2-dashboard');

    // Upgrade: the amount shown is the amount charged.
    await page.click('text=Change plan');
    await page.locator('[data-plan]', { hasText: 'Gold Monthly' }).locator('a').click();
    const shown = (await page.locator('[data-field=amount-due]').textContent())!;
    const previewed = Math.round(Number(shown.replace(/[^\d.]/g, '')) * 100);
    expect(previewed).toBeGreaterThan(0);
    await shot(page, '3-upgrade-preview');
    await page.click('button:has-text("Confirm and pay")');
    await page.waitForURL(/done=plan-changed/);
    expect(await page.locator('[data-field=plan]').textContent()).toContain('Gold Monthly');
    await settle(recur);
    const charged = await Payment.findOne({ where: { subscriptionId: subscription.id, billingReason: 'subscription_update' } });
    expect([charged?.status, charged?.amount]).toEqual(['succeeded', previewed]);

    // Cancel (confirmed on a second page), then resume.
    await page.click('text=Cancel subscription');
    await shot(page, '4-cancel-confirm');
    await page.click('button:has-text("Yes, cancel at period end")');
    await page.waitForURL(/done=canceled/);
    expect(await page.locator('[data-field=next-charge]').textContent()).toContain('None — ends on');
    expect((await subscription.reload()).cancelAtPeriodEnd).toBe(true);
    await page.click('button:has-text("Resume subscription")');
    await page.waitForURL(/done=resumed/);
    expect((await subscription.reload()).cancelAtPeriodEnd).toBe(false);
    expect(await page.locator('[data-field=status]').textContent()).toContain('Active');

    // New card through Stripe Checkout in setup mode.
    await page.click('button:has-text("Update card")');
    await saveCardOnCheckout(page, '5555 5555 5555 4444');
    expect(await notice(page)).toContain('Your new card is saved');
    expect(await page.locator('[data-field=card]').textContent()).toContain('mastercard ending 4444');
    await shot(page, '5-card-updated');
    await page.close();
  });

  it('a renewal failure e-mail’s link opens the portal, where the card is fixed and the failed invoice paid', async () => {
    const email = 'turing@example.com';
    const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: START });
    await recur.stripe.customers.create({ email, name: 'Alan Turing', test_clock: clock.id });
    await signUp(recur, 'Platinum Monthly', email, '4000 0000 0000 0341'); // a trial: the card fails when first charged
    await settle(recur);
    await advanceClock(recur.stripe, clock.id, START + 14 * DAY + 60);
    await settle(recur);
    const failed = (await Payment.findOne({ where: { status: 'failed' }, include: [{ model: Customer, where: { email } }] }))!;
    const invoice = (await Invoice.findOne({ where: { stripeInvoiceId: failed.stripeInvoiceId } }))!;
    expect(invoice.status).toBe('open');

    const mail = await smtp.waitFor((m) => m.to.includes(email) && /failed/.test(m.subject));
    const link = linkIn(mail.text);
    expect(link).toBeDefined();
    const page = await browser.newPage();
    await page.goto(link!);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${recur.baseUrl}/portal`);
    expect(await page.locator('[data-field=status]').textContent()).toContain('Payment failed');
    expect(await page.locator('[data-owing]').textContent()).toContain('A payment did not go through');
    await shot(page, '6-payment-failed');

    // Paying with the same card fails, and the page says so.
    await page.click(`[data-invoice="${invoice.id}"] button:has-text("Pay now")`);
    await page.waitForURL(/done=pay-failed/);
    expect(await notice(page)).toContain('The payment did not go through: the card was declined');
    expect((await invoice.reload()).status).toBe('open');

    await page.click('button:has-text("Update card")');
    await saveCardOnCheckout(page, '4242 4242 4242 4242');
    expect(await page.locator('[data-field=card]').textContent()).toContain('visa ending 4242');
    await settle(recur); // a frozen test clock puts every event in one second: let the card update's land first

    await page.click(`[data-invoice="${invoice.id}"] button:has-text("Pay now")`);
    await page.waitForURL(/done=paid/);
    expect(await notice(page)).toContain('The invoice is paid');
    expect(await page.locator(`[data-invoice="${invoice.id}"] [data-field=invoice-status]`).textContent()).toBe('Paid');
    await shot(page, '7-invoice-paid');
    await settle(recur);
    const succeeded = await Payment.findOne({ where: { stripeInvoiceId: invoice.stripeInvoiceId, status: 'succeeded' } });
    expect(succeeded?.amount).toBe(4900);
    expect((await Subscription.findByPk(failed.subscriptionId!))!.status).toBe('active');
    await page.close();
  });
});
