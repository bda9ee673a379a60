import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningRecur } from '../../server/runtime';
import { launchChromium, outputDir } from '../helpers/browser';
import { E2E_ADMIN_PASSWORD, startWholeRecur } from '../helpers/wholeRecur';

const ADMIN_EMAIL = 'owner@forms-e2e.local';
const ADMIN_PASSWORD = E2E_ADMIN_PASSWORD;

let recur: RunningRecur;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  recur = await startWholeRecur(ADMIN_EMAIL);
  browser = await launchChromium();
  const login = await fetch(`${recur.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${recur.url}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${recur.url}/admin/#/login`);
  await page.fill('#email', ADMIN_EMAIL);
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.hash.includes('login'));
}

/** A react-admin SelectInput (a MUI select): open it, pick the option. */
async function choose(page: Page, label: RegExp, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).last().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('an admin builds a form in the panel; a person signs up through it with a custom field and a promotion code; the admin sees the answer', async () => {
  const coupon = await api<{ id: number }>('/coupons', { name: 'Spring 25%', duration: 'once', percentOff: 25 });
  await api('/promotion-codes', { couponId: coupon.id, code: 'SPRING25' });

  // The admin builds the form in the panel: texts, one plan, one custom field.
  const admin = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signIn(admin);
  await admin.goto(`${recur.url}/admin/#/signup-forms/create`);
  await admin.getByLabel('Title').fill('Spring offer');
  await admin.getByLabel('Slug').fill('spring');
  await admin.getByLabel('Intro').fill('A quarter off your first month.');
  await choose(admin, /^Plan/, 'Gold Monthly');
  await admin.locator('.ra-input-customFields').getByRole('button', { name: /add/i }).click();
  await admin.getByLabel('Label').fill('Company');
  await admin.getByLabel('Key').fill('company');
  await admin.getByLabel('Success message').fill('Welcome to the spring club!');
  await admin.getByLabel('Accent colour').fill('#0b7a75');
  await admin.getByRole('button', { name: 'Save' }).click();

  await admin.waitForURL(/#\/signup-forms\/\d+$/);
  const snippet = admin.getByTestId('embed-snippet');
  await snippet.waitFor();
  expect(await snippet.textContent()).toContain(`<iframe src="${new URL(recur.url).origin}/signup/spring"`);
  await admin.screenshot({ path: `${outputDir()}/signup-form-editor.png`, fullPage: true });

  // A person signs up on the form.
  const page = await browser.newPage();
  await page.goto(`${recur.url}/signup/spring`);
  expect(await page.textContent('h1')).toBe('Spring offer');
  await page.getByLabel(/Gold Monthly/).check();
  await page.fill('input[name=email]', 'lin@example.com');
  await page.fill('input[name=name]', 'Lin Chen');
  await page.getByLabel('Company').fill('Chen Robotics');
  await page.screenshot({ path: `${outputDir()}/signup-form.png`, fullPage: true });
  await page.click('button[type=submit]');

  // Stripe Checkout (the emulator's hosted page): apply the promotion code, then pay.
  await page.waitForURL(/\/c\/pay\/cs_/);
  await page.fill('#promotionCode', 'SPRING25');
  await page.click('button[value=apply]');
  await page.locator('#discount').waitFor();
  await page.fill('#cardNumber', '4242 4242 4242 4242');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Lin Chen');
  await page.click('button.SubmitButton');

  await page.waitForURL(/\/signup\/spring\/done\?session_id=cs_/);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('[data-outcome]').getAttribute('data-outcome');
      },
      { timeout: 15_000 },
    )
    .toBe('active');
  expect(await page.textContent('main')).toContain('Welcome to the spring club!');

  // The discount went through Checkout: the first payment is 25 % off Gold Monthly's $19.00.
  const payments = await api<{ amount: number; status: string }[]>('/payments');
  expect(payments).toEqual([expect.objectContaining({ status: 'succeeded', amount: 1425 })]);

  // The admin's customer page shows the custom field's answer and the customer's events.
  const [customer] = await api<{ id: number }[]>(`/customers?filter=${encodeURIComponent(JSON.stringify({ email: 'lin@example.com' }))}`);
  await admin.goto(`${recur.url}/admin/#/customers/${customer!.id}/show`);
  const answers = admin.getByTestId('form-answers');
  await answers.waitFor({ timeout: 15_000 });
  expect(await answers.textContent()).toContain('Chen Robotics');
  expect(await answers.textContent()).toContain('Spring offer');
  await admin.getByRole('tab', { name: 'Events' }).click();
  await admin.locator('tr', { hasText: 'invoice.paid' }).first().waitFor({ timeout: 15_000 });
  await admin.screenshot({ path: `${outputDir()}/customer-form-answers-events.png`, fullPage: true });
});
