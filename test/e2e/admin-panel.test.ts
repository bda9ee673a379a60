import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords';
import { AdminUser, Customer, Payment, Plan, Subscription } from '../../server/db/models';
import { launchChromium, outputDir } from '../helpers/browser';
import { advanceClock, monthStart } from '../helpers/clock';
import { eventually, OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

const VIEWER_EMAIL = 'viewer@e2e.local';
const VIEWER_PASSWORD = 'viewer password that is long';

let recur: TestRecur;
let url: string;
let browser: Browser;
let failed: Payment;
let changing: Subscription;

/** A Gold Monthly subscriber on a test clock whose renewal fails on a 0341 card (as in lifecycle.test.ts). */
async function failedRenewal(email: string): Promise<Payment> {
  const clock = await recur.stripe.testHelpers.testClocks.create({ frozen_time: monthStart(0) });
  const customer: Stripe.Customer = await recur.stripe.customers.create({ email, name: 'Ada', test_clock: clock.id });
  await signUp(recur, 'Gold Monthly', email);
  await settle(recur);
  const local = (await Customer.findOne({ where: { stripeCustomerId: customer.id } }))!;
  const subscription = (await Subscription.findOne({ where: { customerId: local.id } }))!;
  const pm = await recur.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await recur.stripe.subscriptions.update(subscription.stripeSubscriptionId, { default_payment_method: pm.id });
  await advanceClock(recur.stripe, clock.id, monthStart(1) + 60);
  await settle(recur);
  return (await Payment.findOne({ where: { customerId: local.id, status: 'failed' } }))!;
}

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  failed = await failedRenewal('ada@example.com');
  await signUp(recur, 'Gold Monthly', 'grace@example.com');
  await settle(recur);
  const grace = (await Customer.findOne({ where: { email: 'grace@example.com' } }))!;
  changing = (await Subscription.findOne({ where: { customerId: grace.id } }))!;
  await AdminUser.create({ email: VIEWER_EMAIL, name: 'Viewer', role: 'viewer', passwordHash: await hashPassword(VIEWER_PASSWORD) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${url}/admin/#/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.hash.includes('login'));
}

describe('the admin panel, as an owner', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    await logIn(page, OWNER_EMAIL, OWNER_PASSWORD);
  });

  it('opens on the dashboard, its charts loaded lazily', async () => {
    await page.locator('[data-testid=stat-mrr]').waitFor();
    await page.locator('[data-testid=chart-mrr] .recharts-surface').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=stat-failed]').textContent()).toContain('1');
    // Two Gold Monthly subscribers, one active and one past due: both count as paying.
    expect(await page.locator('[data-testid=stat-mrr]').textContent()).toContain('$38.00');
    expect(await page.locator('[data-testid=failed-payments-card]').textContent()).toContain('ada@example.com');
    await page.screenshot({ path: `${outputDir()}/admin-dashboard.png`, fullPage: true });
  });

  it('filters payments to the failed ones', async () => {
    await page.goto(`${url}/admin/#/payments`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'failed', exact: true }).click();
    await page.waitForURL((u) => decodeURIComponent(u.hash).includes('"status":"failed"'));
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('generic_decline')]);
    expect(await page.locator('tbody').textContent()).not.toContain('succeeded');
  });

  it('retries a failed payment once: confirmation, outcome shown, button disabled afterwards', async () => {
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('retried by hand only once');
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Retry failed: generic_decline').waitFor({ timeout: 20_000 });
    const retried = page.locator('tbody tr', { hasText: 'failed: generic_decline' });
    await retried.getByRole('button', { name: 'Retried' }).waitFor();
    expect(await retried.getByRole('button', { name: 'Retried' }).isDisabled()).toBe(true);
    expect((await failed.reload()).retryOutcome).toBe('failed: generic_decline');
    await page.screenshot({ path: `${outputDir()}/admin-payments-panel.png`, fullPage: true });
  });

  it('exports the payments to CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toMatch(/payments.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toContain('status');
    expect(csv).toContain('failed');
  });

  it('changes a plan through the dialog that shows the prorated amount due', async () => {
    await page.goto(`${url}/admin/#/subscriptions/${changing.id}/show`);
    await page.getByRole('button', { name: 'Change plan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').click();
    await page.getByRole('option', { name: /Platinum Monthly/ }).click();
    const due = dialog.locator('[data-testid=amount-due]');
    await due.waitFor({ timeout: 15_000 });
    const amount = (await due.textContent()) ?? '';
    expect(amount).toMatch(/^\$\d+\.\d\d$/);
    // An upgrade from $19 to $49 a month, prorated over what is left of the period.
    expect(Number(amount.slice(1))).toBeGreaterThan(0);
    expect(Number(amount.slice(1))).toBeLessThanOrEqual(30);
    await dialog.getByRole('button', { name: 'Confirm change' }).click();
    await page.getByText('Plan changed').waitFor({ timeout: 20_000 });
    const platinum = (await Plan.findOne({ where: { name: 'Platinum Monthly' } }))!;
    await eventually(async () => (await changing.reload()).planId === platinum.id);
  });

  it('shows the next charge, and warns before a change to another billing period', async () => {
    await page.goto(`${url}/admin/#/subscriptions/${changing.id}/show`);
    const next = page.locator('[data-testid=next-charge]');
    await expect.poll(() => next.getAttribute('data-status'), { timeout: 15_000 }).toBe('scheduled');
    expect(await next.textContent()).toMatch(/^\$\d+\.\d\d on /);
    // Stripe resets the billing cycle anchor when the interval changes (docs.stripe.com/billing/subscriptions/upgrading-downgrading).
    await page.getByRole('button', { name: 'Change plan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').click();
    await page.getByRole('option', { name: /Platinum Yearly/ }).click();
    const notice = dialog.locator('[data-testid=interval-change]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('the billing date resets to the day of the change');
    await dialog.getByRole('button', { name: 'Confirm change and new billing date' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('refunds the amount the dialog names, which starts at what is left: never an implied full refund', async () => {
    const grace = (await Customer.findOne({ where: { email: 'grace@example.com' } }))!;
    const paid = (await Payment.findOne({ where: { customerId: grace.id, billingReason: 'subscription_create' } }))!;
    await page.goto(`${url}/admin/#/customers/${grace.id}/show/payments`);
    const row = page.locator('tbody tr', { hasText: '$19.00' }).filter({ hasText: 'succeeded' }).first();
    await row.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const amount = dialog.locator('input[name=refundAmount]');
    expect(await amount.inputValue()).toBe('19.00');
    await amount.fill('');
    await dialog.getByText('Enter the amount to refund').waitFor();
    await amount.fill('5');
    await dialog.getByRole('button', { name: 'Refund $5.00' }).click();
    await page.getByText('Refunded; the payment is now partially_refunded').waitFor({ timeout: 20_000 });
    await eventually(async () => (await paid.reload()).refundedAmount === 500);
    expect((await recur.stripe.refunds.list({ limit: 10 })).data.map((r) => r.amount)).toEqual([500]);
  });

  it("shows Stripe's promotion code rules as field errors: the code's characters, and the coupon's limits", async () => {
    // PromotionCodeCreateParams (stripe-node 23): letters, digits and dashes; max_redemptions within the coupon's.
    const coupon = await page.request.post(`${url}/api/coupons`, { data: { name: 'Fifty uses', percentOff: 10, duration: 'once', maxRedemptions: 50 } });
    expect(coupon.status()).toBe(201);
    await page.goto(`${url}/admin/#/promotion-codes/create`);
    await page.getByLabel('Coupon').click();
    await page.getByRole('option', { name: 'Fifty uses' }).click();
    await page.getByLabel('Code').fill('SPRING_25');
    await page.getByLabel('Max redemptions').fill('51');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('must be 3–40 letters, digits or dashes (-)').waitFor();
    await page.getByLabel('Code').fill('SPRING-25');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText("must be at most the coupon's own limit of 50").waitFor({ timeout: 15_000 });
    expect((await recur.stripe.promotionCodes.list({ limit: 10 })).data).toEqual([]);
  });

  it('shows the owner the access policy on the settings page', async () => {
    await page.goto(`${url}/admin/#/settings`);
    const pastDue = page.getByLabel('Past due');
    await pastDue.waitFor();
    expect(await pastDue.inputValue()).toBe('7');
  });
});

describe('the admin panel, as a viewer', () => {
  it('shows no action buttons, and the API answers 403 to writes', async () => {
    const page = await browser.newPage();
    await logIn(page, VIEWER_EMAIL, VIEWER_PASSWORD);
    await page.goto(`${url}/admin/#/payments`);
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr', { hasText: 'failed' }).count()).toBeGreaterThan(0);
    for (const name of ['Retry', 'Retried', 'Refund']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);

    await page.goto(`${url}/admin/#/subscriptions/${changing.id}/show`);
    await page.getByText('grace@example.com').waitFor();
    for (const name of ['Change plan', 'Cancel now', 'Extend']) expect(await page.getByRole('button', { name }).count()).toBe(0);

    const retry = await page.request.post(`${url}/api/payments/${failed.id}/retry`);
    expect(retry.status()).toBe(403);
    const cancel = await page.request.post(`${url}/api/subscriptions/${changing.id}/cancel`, { data: { atPeriodEnd: true } });
    expect(cancel.status()).toBe(403);
    expect((await page.request.get(`${url}/api/payments`)).status()).toBe(200);
  });
});
