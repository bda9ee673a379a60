import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Customer, EmailTemplate } from '../../server/db/models';
import { queueNotification } from '../../server/notify';
import { launchChromium, outputDir } from '../helpers/browser';
import { eventually, OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { TEMPLATE_KEYS } from '../../shared/emailTemplates';
import { makeCustomer } from '../helpers/rows';

let recur: TestRecur;
let url: string;
let browser: Browser;
let page: Page;
let customer: Customer;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  url = await recur.listen();
  customer = await makeCustomer(recur.db, { email: 'lovelace@example.com', name: 'Ada Lovelace', stripeCustomerId: null, currency: 'usd' });
  await queueNotification(recur.db, {
    template: 'payment_receipt',
    to: customer.email,
    customerId: customer.id,
    dedupeKey: 'receipt:e2e',
    data: {
      customerName: 'Ada Lovelace',
      planName: 'Gold Monthly',
      amount: '$19.00',
      paidAt: 'today',
      invoiceUrl: 'https://invoice.example/1',
      portalUrl: `${url}/portal`,
    },
  });
  await queueNotification(recur.db, {
    template: 'magic_link',
    to: 'someone@example.com',
    data: { link: `${url}/portal/auth?token=abc`, expiresInMinutes: '15' },
  });
  await recur.sender.flush();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${url}/admin/#/login`);
  await page.fill('#email', OWNER_EMAIL);
  await page.fill('#password', OWNER_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.hash.includes('login'));
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

describe('e-mail templates and the outbox in the admin panel', () => {
  it('lists the templates and edits one with a live preview', async () => {
    await page.goto(`${url}/admin/#/email-templates`);
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBe(TEMPLATE_KEYS.length);
    await page.locator('tbody tr', { hasText: 'Payment failed' }).click();
    await page.waitForURL((u) => u.hash.startsWith('#/email-templates/'));
    const subject = page.locator('input[name=subject]');
    await subject.waitFor();
    const preview = page.locator('[data-testid=preview-subject]');
    expect(await preview.textContent()).toBe('Your payment of $19.00 for Gold Monthly failed');

    await subject.fill('Card declined: {{amount}} for {{plan}}');
    await page.getByText(/unknown variable \{\{plan\}\}/).waitFor();
    await subject.fill('Card declined: {{amount}} for {{planName}}');
    await expect.poll(() => preview.textContent()).toBe('Card declined: $19.00 for Gold Monthly');
    expect(await page.locator('[data-testid=preview-text]').textContent()).toContain('Reason: Your card was declined.');
    await page.screenshot({ path: `${outputDir()}/admin-email-template-edit.png`, fullPage: true });

    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => (await EmailTemplate.findOne({ where: { key: 'payment_failed' } }))!.subject === 'Card declined: {{amount}} for {{planName}}');
    expect((await EmailTemplate.findOne({ where: { key: 'payment_failed' } }))!.updatedBy).toBe(OWNER_EMAIL);
  });

  it('shows the outbox with status chips, filters it, and shows one message', async () => {
    await page.goto(`${url}/admin/#/notifications`);
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('tbody').textContent()).toContain('stored');
    await page.screenshot({ path: `${outputDir()}/admin-notifications.png`, fullPage: true });

    await page.getByRole('combobox', { name: 'Message' }).click();
    await page.getByRole('option', { name: 'Payment receipt' }).click();
    await expect.poll(() => page.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('lovelace@example.com')]);
    await page.locator('tbody tr').first().click();
    const text = page.locator('[data-testid=notification-text]');
    // The show page first draws the list's row (which leaves the bodies out), then the full record.
    await expect.poll(() => text.textContent(), { timeout: 15_000 }).toContain('we received $19.00 for your Gold Monthly subscription');
    await page.screenshot({ path: `${outputDir()}/admin-notification-show.png`, fullPage: true });
  });

  it('lists a customer’s e-mails on the customer page', async () => {
    await page.goto(`${url}/admin/#/customers/${customer.id}/show/notifications`);
    const row = page.locator('tbody tr', { hasText: 'Receipt: $19.00 for Gold Monthly' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('stored');
  });
});
