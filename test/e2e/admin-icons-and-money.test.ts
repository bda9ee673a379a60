import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Subscription } from '../../server/db/models';
import { launchChromium, outputDir, signedInAdminPage } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// What a newcomer notices first (issue 17): every sidebar entry has an icon of its own, and money
// reads as money (in its currency), not as a bare count of cents.

let recur: TestRecur;
let url: string;
let browser: Browser;
let page: Page;
let gold: Customer;

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  // A Gold Monthly ($19.00) subscriber: Stripe (here the emulator) leaves the customer's own
  // currency unset, so the admin finds it from the subscription.
  await signUp(recur, 'Gold Monthly', 'gold-money@example.com');
  await settle(recur);
  gold = (await Customer.findOne({ where: { email: 'gold-money@example.com' } }))!;
  // A customer billed in yen, a currency without minor units, whose currency Stripe has set.
  await Customer.create({
    email: 'yen-money@example.com',
    name: 'Yen',
    stripeCustomerId: 'cus_yen_money',
    currency: 'jpy',
    monthlyTotal: 4500,
    yearlyTotal: 54000,
  });
  browser = await launchChromium();
  page = await signedInAdminPage(browser, url, OWNER_EMAIL, OWNER_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

describe('the admin, as a newcomer sees it', () => {
  it('gives every sidebar entry an icon, no two the same', async () => {
    const items = page.locator('.RaMenuItemLink-root');
    await items.filter({ hasText: 'Settings' }).waitFor();
    const entries = await items.evaluateAll((links) =>
      links.map((link) => ({
        text: link.textContent?.trim() ?? '',
        icons: [...link.querySelectorAll('svg[data-testid]')].map((svg) => svg.getAttribute('data-testid')),
        drawing: [...link.querySelectorAll('svg path')].map((path) => path.getAttribute('d')).join(' '),
      })),
    );
    // the dashboard, every resource an owner sees (17) and Settings
    expect(entries.length).toBe(19);
    for (const entry of entries) expect(entry.icons, entry.text).toHaveLength(1);
    const icons = entries.map((entry) => entry.icons[0]!);
    // react-admin's stand-in for a resource without an icon of its own
    expect(icons).not.toContain('ViewListIcon');
    expect(new Set(icons).size).toBe(icons.length);
    // distinct names and distinct drawings: no icon is another's under a different name
    expect(entries.every((entry) => entry.drawing !== '')).toBe(true);
    expect(new Set(entries.map((entry) => entry.drawing)).size).toBe(entries.length);
    expect(Object.fromEntries(entries.map((entry) => [entry.text, entry.icons[0]]))).toMatchObject({
      Payments: 'PaymentsIcon',
      Customers: 'PeopleIcon',
      Subscriptions: 'AutorenewIcon',
      Plans: 'StorefrontIcon',
      Coupons: 'LocalOfferIcon',
      Settings: 'SettingsIcon',
    });
  });

  it('shows the customers’ monthly and yearly totals as money in their currency', async () => {
    expect(gold.currency).toBeNull();
    expect(gold.monthlyTotal).toBe(1900);
    await page.goto(`${url}/admin/#/customers`);
    const goldRow = page.locator('tbody tr', { hasText: 'gold-money@example.com' });
    await expect.poll(() => goldRow.locator('[data-total=monthlyTotal]').textContent()).toBe('$19.00');
    expect(await goldRow.locator('[data-total=yearlyTotal]').textContent()).toBe('$228.00');
    const yenRow = page.locator('tbody tr', { hasText: 'yen-money@example.com' });
    expect(await yenRow.locator('[data-total=monthlyTotal]').textContent()).toBe('¥4,500');
    expect(await yenRow.locator('[data-total=yearlyTotal]').textContent()).toBe('¥54,000');
    // every total on the page, not only these two customers', carries its currency
    for (const total of await page.locator('tbody [data-total]').allTextContents()) expect(total).toMatch(/^(\$|¥)[\d,]+(\.\d\d)?$/);
    await page.screenshot({ path: `${outputDir()}/admin-customers-money.png`, fullPage: true });
  });

  it('shows the totals as money on the customer’s page, and each subscription’s price', async () => {
    await page.goto(`${url}/admin/#/customers/${gold.id}/show`);
    await expect.poll(() => page.locator('[data-total=monthlyTotal]').textContent()).toBe('$19.00');
    expect(await page.locator('[data-total=yearlyTotal]').textContent()).toBe('$228.00');
    await expect.poll(() => page.locator('main').textContent()).toContain('$19.00 / month');
  });

  it('shows each subscription’s recurring price in the subscriptions list', async () => {
    const subscription = (await Subscription.findOne({ where: { customerId: gold.id } }))!;
    expect(subscription.recurringAmount).toBe(1900);
    await page.goto(`${url}/admin/#/subscriptions`);
    const row = page.locator('tbody tr', { hasText: 'gold-money@example.com' });
    await expect.poll(() => row.textContent()).toContain('$19.00 / month');
  });
});
