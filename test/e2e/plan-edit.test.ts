import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plan } from '../../server/db/models';
import { launchChromium, signedInAdminPage } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';

// Editing an existing plan's seats in the admin: every field the form shows is saved
// (an earlier build sent only name, amount, interval and the like, and dropped seat edits silently).

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

describe('the plan edit form', () => {
  it('saves seat settings on an existing plan', async () => {
    const gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
    expect(gold.perSeat).toBe(false);
    await page.goto(`${url}/admin/#/plans/${gold.id}`);
    await page.getByLabel('Sold per seat').check();
    await page.getByLabel('Fewest seats').fill('2');
    await page.getByLabel('Most seats').fill('20');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tbody tr', { hasText: 'Gold Monthly' }).waitFor();
    await expect
      .poll(async () => {
        const saved = (await Plan.findByPk(gold.id))!;
        return { perSeat: saved.perSeat, minQuantity: saved.minQuantity, maxQuantity: saved.maxQuantity };
      })
      .toEqual({ perSeat: true, minQuantity: 2, maxQuantity: 20 });
  });
});
