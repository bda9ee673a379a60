import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyApiKey } from '../../server/auth/apiKeys';
import { ApiKey } from '../../server/db/models';
import { launchChromium, signedInAdminPage, outputDir } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';

// Needs the built admin app (npm run build), as every browser test.
let recur: TestRecur;
let url: string;
let browser: Browser;
let owner: Page;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  url = await recur.listen();
  browser = await launchChromium();
  owner = await signedInAdminPage(browser, url, OWNER_EMAIL, OWNER_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

describe('API key scopes in the admin', () => {
  it('offers read (ticked) and write; refuses none; creates a read+write key that the list shows', async () => {
    await owner.goto(`${url}/admin/#/api-keys/create`);
    await owner.fill('input[name=name]', 'Mobile app');
    const read = owner.getByRole('checkbox', { name: 'Read' });
    const write = owner.getByRole('checkbox', { name: 'Write' });
    // Least privilege by default: read alone.
    expect(await read.isChecked()).toBe(true);
    expect(await write.isChecked()).toBe(false);

    await read.uncheck();
    await owner.getByRole('button', { name: 'Save' }).click();
    await owner.getByText('Choose at least one scope').waitFor();
    expect(await ApiKey.count()).toBe(0);

    await read.check();
    await write.check();
    await owner.getByRole('button', { name: 'Save' }).click();
    const dialog = owner.locator('[data-testid=new-api-key-dialog]');
    const secret = await dialog.locator('[data-testid=new-api-key]').inputValue();
    expect((await verifyApiKey(recur.db, secret))?.scopes).toEqual(['read', 'write']);
    await owner.screenshot({ path: `${outputDir()}/admin-api-key-scopes.png` });
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = owner.locator('tbody tr', { hasText: 'Mobile app' });
    await expect.poll(() => row.textContent()).toContain('read, write');
  });

  it('serves the API reference readable with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${url}/api/v1/docs`);
    await page.getByRole('heading', { name: 'GET /api/v1/customers/{email}/subscription' }).waitFor();
    await page.getByRole('link', { name: /POST \/api\/v1\/signup-links/ }).click();
    expect(new URL(page.url()).hash).toBe('#post-signup-links');
    expect(await page.locator('#post-signup-links').textContent()).toContain('Requires an API key with the scope write');
    await page.screenshot({ path: `${outputDir()}/api-docs.png`, fullPage: true });
    expect(violations).toEqual([]);
    await context.close();
  });
});
