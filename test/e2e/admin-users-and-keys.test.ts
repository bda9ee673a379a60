import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApiKey } from '../../server/auth/apiKeys';
import { AdminUser, ApiKey } from '../../server/db/models';
import { launchChromium, outputDir } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let url: string;
let browser: Browser;
let owner: Page;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  url = await recur.listen();
  browser = await launchChromium();
  owner = await signedIn(OWNER_EMAIL, OWNER_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

/** A page in a context of its own, so each user has their own session cookie. */
async function signedIn(email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  // Below the test timeout, so a missing element fails with its locator rather than a bare timeout.
  page.setDefaultTimeout(15_000);
  await page.goto(`${url}/admin/#/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.hash.includes('login'));
  return page;
}

describe('admin users and API keys, as the owner', () => {
  it('creates an admin user who can then sign in', async () => {
    await owner.goto(`${url}/admin/#/admin-users`);
    await owner.locator('tbody tr', { hasText: OWNER_EMAIL }).waitFor();
    await owner.getByRole('link', { name: 'Create' }).click();
    await owner.fill('input[name=email]', 'ops@e2e.local');
    await owner.fill('input[name=name]', 'Ops');
    // A common password is refused by the server, and the form marks the field with its reason.
    await owner.fill('input[name=password]', 'password1234');
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByText('is too easy to guess: this is similar to a commonly used password').waitFor();
    await owner.screenshot({ path: `${outputDir()}/admin-user-common-password.png` });
    expect(await AdminUser.count({ where: { email: 'ops@e2e.local' } })).toBe(0);
    await owner.fill('input[name=password]', 'a password for ops');
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.locator('tbody tr', { hasText: 'ops@e2e.local' }).waitFor();
    expect((await AdminUser.findOne({ where: { email: 'ops@e2e.local' } }))?.role).toBe('admin');

    const ops = await signedIn('ops@e2e.local', 'a password for ops');
    await ops.goto(`${url}/admin/#/audit-logs`);
    await ops.locator('tbody tr', { hasText: 'admin_user.create' }).waitFor();
    // An admin is not offered the owner's screens.
    expect(await ops.getByRole('menuitem', { name: 'Admin users' }).count()).toBe(0);
    expect(await ops.getByRole('menuitem', { name: 'API keys' }).count()).toBe(0);
    await ops.context().close();
  });

  it('shows a new API key once, then revokes it', async () => {
    await owner.goto(`${url}/admin/#/api-keys/create`);
    await owner.fill('input[name=name]', 'Website');
    await owner.getByRole('button', { name: 'Save' }).click();
    const dialog = owner.locator('[data-testid=new-api-key-dialog]');
    const field = dialog.locator('[data-testid=new-api-key]');
    await field.waitFor();
    const secret = await field.inputValue();
    expect(secret).toMatch(/^rk_recur_/);
    expect((await verifyApiKey(recur.db, secret))?.name).toBe('Website');
    await owner.screenshot({ path: `${outputDir()}/admin-api-key-created.png` });
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Never again: the list shows only the first characters, also after a reload.
    const row = owner.locator('tbody tr', { hasText: 'Website' });
    await row.waitFor();
    await owner.reload();
    await row.waitFor();
    expect(await owner.content()).not.toContain(secret);
    expect(await row.textContent()).toContain('active');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await verifyApiKey(recur.db, secret)).toBeNull();
    expect((await ApiKey.findOne({ where: { name: 'Website' } }))?.revokedAt).not.toBeNull();
  });

  it('syncs with Stripe from the customers list, and shows the retry schedule in the settings', async () => {
    await owner.goto(`${url}/admin/#/customers`);
    await owner.getByRole('button', { name: 'Sync with Stripe' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Sync' }).click();
    await owner.locator('[data-testid=sync-report]').waitFor({ timeout: 20_000 });
    await owner.goto(`${url}/admin/#/settings`);
    await expect.poll(() => owner.locator('[data-testid=retry-schedule]').textContent()).toContain('1, 3, 7 days');
  });
});
