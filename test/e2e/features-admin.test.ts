import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Feature, Plan } from '../../server/db/models';
import { planFeatureMap } from '../../server/billing/planFeatures';
import { launchChromium, signedInAdminPage, outputDir } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';

// Entitlements in the admin (issue 15): features are defined, then given values on a plan's form.

let recur: TestRecur;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  browser = await launchChromium();
  page = await signedInAdminPage(browser, url, OWNER_EMAIL, OWNER_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

async function createFeature(key: string, name: string, kind: 'On/off' | 'Limit (a number)'): Promise<void> {
  await page.goto(`${url}/admin/#/features/create`);
  await page.fill('input[name=key]', key);
  await page.fill('input[name=name]', name);
  await page.getByLabel('Kind').click();
  await page.getByRole('option', { name: kind }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('tbody tr', { hasText: key }).waitFor();
}

describe('features in the admin', () => {
  it('creates an on/off feature and a limit, then gives a plan values for both', async () => {
    await createFeature('api', 'API access', 'On/off');
    await createFeature('projects.max', 'Projects', 'Limit (a number)');
    expect((await Feature.findAll({ order: [['key', 'ASC']] })).map((f) => [f.key, f.kind])).toEqual([
      ['api', 'boolean'],
      ['projects.max', 'limit'],
    ]);

    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    await page.goto(`${url}/admin/#/plans/${gold.id}`);
    await page.getByLabel('API access (api)').check();
    await page.getByLabel('Projects (projects.max)').fill('25');
    await page.screenshot({ path: `${outputDir()}/admin-plan-features.png` });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tbody tr', { hasText: 'Gold Monthly' }).waitFor();
    await expect.poll(() => planFeatureMap(gold.id)).toEqual({ api: true, 'projects.max': 25 });

    // Shown again when the plan is opened.
    await page.goto(`${url}/admin/#/plans/${gold.id}`);
    await expect.poll(() => page.getByLabel('Projects (projects.max)').inputValue()).toBe('25');
    expect(await page.getByLabel('API access (api)').isChecked()).toBe(true);
  });

  it("refuses to delete a feature a plan gives a value, with the server's reason", async () => {
    const api = (await Feature.findOne({ where: { key: 'api' } }))!;
    await page.goto(`${url}/admin/#/features/${api.id}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(/api has values on Gold Monthly/).waitFor();
    await page.screenshot({ path: `${outputDir()}/admin-feature-delete-refused.png` });
    expect(await Feature.count({ where: { key: 'api' } })).toBe(1);
  });
});
