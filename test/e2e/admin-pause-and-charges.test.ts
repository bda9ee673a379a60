import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Subscription } from '../../server/db/models';
import { launchChromium, logInToAdmin } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// The admin's Pause/Unpause buttons (Stripe's pause_collection, docs.stripe.com/billing/subscriptions/pause-payment)
// and Add charge (an invoice item, docs.stripe.com/api/invoiceitems/create), driven in Chromium.

let recur: TestRecur;
let url: string;
let browser: Browser;
let page: Page;
let customer: Customer;
let subscription: Subscription;

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  await signUp(recur, 'Gold Monthly', 'paused-e2e@example.com');
  await settle(recur);
  customer = (await Customer.findOne({ where: { email: 'paused-e2e@example.com' } }))!;
  subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
  browser = await launchChromium();
  page = await browser.newPage();
  await logInToAdmin(page, url, OWNER_EMAIL, OWNER_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

describe('the admin panel', () => {
  it('pauses payment collection from the subscription page, and unpauses it', async () => {
    await page.goto(`${url}/admin/#/subscriptions/${subscription.id}/show`);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Invoices while paused');
    await dialog.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(async () => (await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).pause_collection?.behavior).toBe('void');
    // The Pause dialog closes; no confirmation opens by itself (an earlier build reopened it as Unpause's).
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.locator('main').textContent()).toContain('Paused (Void');
    await page.getByRole('button', { name: 'Unpause', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Resume payment collection?');
    await page.getByRole('dialog').getByRole('button', { name: 'Unpause', exact: true }).click();
    await expect.poll(async () => (await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).pause_collection).toBeNull();
  });

  it('adds a one-time charge in major units, once however often Confirm is clicked', async () => {
    await page.goto(`${url}/admin/#/customers/${customer.id}/show`);
    await page.getByRole('button', { name: 'Add charge' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Amount/).fill('12.50');
    await dialog.getByLabel('Description').fill('Setup fee');
    await dialog.getByRole('button', { name: 'Add to next invoice' }).dblclick();
    await expect.poll(async () => (await recur.stripe.invoiceItems.list({ customer: customer.stripeCustomerId!, pending: true })).data.length).toBe(1);
    const [item] = (await recur.stripe.invoiceItems.list({ customer: customer.stripeCustomerId!, pending: true })).data;
    expect(item).toMatchObject({ amount: 1250, currency: 'usd', description: 'Setup fee' });
  });
});
