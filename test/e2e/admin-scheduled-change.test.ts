import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, Plan, Subscription } from '../../server/db/models';
import { launchChromium, logInToAdmin } from '../helpers/browser';
import { eventually, OWNER_EMAIL, OWNER_PASSWORD, signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

// The admin schedules a downgrade for the period's end and cancels it (issue 14): a Stripe
// subscription schedule whose next phase holds the change, released to drop it
// (docs.stripe.com/billing/subscriptions/subscription-schedules/use-cases,
// docs.stripe.com/api/subscription_schedules/release).

let recur: TestRecur;
let url: string;
let browser: Browser;
let page: Page;
let subscription: Subscription;
let gold: Plan;
let storage: Plan;

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  storage = (await Plan.findOne({ where: { name: 'Extra storage' } }))!;
  await signUp(recur, 'Gold Monthly', 'storage@example.com');
  await settle(recur);
  const customer = (await Customer.findOne({ where: { email: 'storage@example.com' } }))!;
  subscription = (await Subscription.findOne({ where: { customerId: customer.id } }))!;
  // Gold with Extra storage, added through the API (the server test covers that path).
  const cookie = await signInCookie(recur.app);
  const items = [
    { planId: gold.id, quantity: 1 },
    { planId: storage.id, quantity: 1 },
  ];
  const call = (path: string, body: unknown) =>
    recur.app.request(`/api/subscriptions/${subscription.id}/${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const preview = (await (await call('preview', { items })).json()) as { prorationDate: number };
  expect((await call('update', { items, prorationDate: preview.prorationDate })).status).toBe(200);
  await settle(recur);
  browser = await launchChromium();
  page = await browser.newPage();
  await logInToAdmin(page, url, OWNER_EMAIL, OWNER_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

describe('a downgrade scheduled from the admin', () => {
  it('shows the items, previews the removal of an add-on as a change at the period end, and schedules it', async () => {
    await page.goto(`${url}/admin/#/subscriptions/${subscription.id}/show`);
    const items = page.locator('[data-testid=subscription-items]');
    await expect.poll(() => items.textContent(), { timeout: 15_000 }).toContain('Extra storage');
    expect(await items.textContent()).toContain('Gold Monthly');

    await page.getByRole('button', { name: 'Add-ons & seats' }).click();
    const dialog = page.getByRole('dialog');
    const checkbox = dialog.getByRole('checkbox', { name: /Extra storage/ });
    await checkbox.waitFor({ timeout: 15_000 });
    expect(await checkbox.isChecked()).toBe(true);
    await checkbox.uncheck();
    // Less per period: a downgrade, which the default settings make at the period's end.
    const due = dialog.locator('[data-testid=items-amount-due]');
    await due.waitFor({ timeout: 15_000 });
    expect(await due.textContent()).toBe('$19.00');
    expect(await dialog.locator('[data-testid=items-when]').textContent()).toContain('nothing is charged now');
    await dialog.getByRole('button', { name: 'Schedule change' }).click();
    await page.getByText('Change scheduled for the end of the period').waitFor({ timeout: 20_000 });

    const pending = page.locator('[data-testid=pending-change]');
    await pending.waitFor({ timeout: 15_000 });
    expect(await pending.textContent()).toContain('Gold Monthly');
    await eventually(async () => (await subscription.reload()).pendingChange !== null);
    expect(subscription.pendingChange!.items).toEqual([{ planId: gold.id, stripePriceId: gold.stripePriceId, quantity: 1 }]);
    // Nothing changed yet: Extra storage runs until the period ends.
    expect(subscription.items.map((item) => item.planId)).toEqual([gold.id, storage.id]);
    expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).schedule).toMatch(/^sub_sched_/);
  });

  it('cancels the scheduled change', async () => {
    await page.getByRole('button', { name: 'Cancel scheduled change' }).click();
    await page.getByText('Scheduled change canceled').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid=pending-change]').waitFor({ state: 'detached', timeout: 15_000 });
    await eventually(async () => (await subscription.reload()).pendingChange === null);
    expect((await recur.stripe.subscriptions.retrieve(subscription.stripeSubscriptionId)).schedule).toBeNull();
    expect(subscription.items.map((item) => item.planId)).toEqual([gold.id, storage.id]);
  });
});
