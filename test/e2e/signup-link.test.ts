import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningRecur } from '../../server/runtime';
import { launchChromium, outputDir } from '../helpers/browser';
import { E2E_ADMIN_PASSWORD, startWholeRecur } from '../helpers/wholeRecur';

// An app's user follows a signup link (DESIGN §3.2): the form is prefilled for them, they pay on
// Checkout, the app then finds them by its own user id and opens the portal for them.

const ADMIN_EMAIL = 'owner@e2e.local';

let recur: RunningRecur;
let browser: Browser;
let key: string;
let cookie: string;

/** The owner makes an API key with the write scope, as in the admin (API keys). */
async function ownerKey(): Promise<string> {
  const login = await fetch(`${recur.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: E2E_ADMIN_PASSWORD }),
  });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await fetch(`${recur.url}/api/api-keys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'the app', scopes: ['read', 'write'] }),
  });
  return ((await res.json()) as { key: string }).key;
}

const api = async (method: string, path: string, body?: unknown) =>
  fetch(`${recur.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  recur = await startWholeRecur(ADMIN_EMAIL);
  browser = await launchChromium();
  key = await ownerKey();
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

it('opens a signup link prefilled, pays, and the app then opens the portal for its user', async () => {
  const plans = (await (await fetch(`${recur.url}/api/plans`, { headers: { cookie } })).json()) as { id: number; name: string }[];
  const gold = plans.find((plan) => plan.name === 'Gold Monthly')!;
  const link = (await (
    await api('POST', '/signup-links', { externalId: 'e2e-user-1', email: 'linked@example.com', name: 'Lin Ked', planId: gold.id })
  ).json()) as { url: string };

  const page = await browser.newPage();
  await page.goto(link.url);
  expect(await page.inputValue('input[name=email]')).toBe('linked@example.com');
  expect(await page.inputValue('input[name=name]')).toBe('Lin Ked');
  expect(await page.getByLabel(/Gold Monthly/).isChecked()).toBe(true);
  await page.screenshot({ path: `${outputDir()}/signup-link-prefilled.png`, fullPage: true });
  await page.click('button[type=submit]');

  await page.waitForURL(/\/c\/pay\/cs_/);
  await page.fill('#cardNumber', '4242 4242 4242 4242');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Lin Ked');
  await page.click('button.SubmitButton');
  await page.waitForURL(/\/signup\/default\/done\?session_id=cs_/);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('[data-outcome]').getAttribute('data-outcome');
      },
      { timeout: 15_000 },
    )
    .toBe('active');

  const answer = await api('GET', '/users/e2e-user-1/subscription');
  expect(answer.status).toBe(200);
  expect(await answer.json()).toMatchObject({ email: 'linked@example.com', status: 'active', plan: { id: gold.id } });

  const session = (await (await api('POST', '/portal-sessions', { externalId: 'e2e-user-1', returnUrl: 'https://app.example.com/account' })).json()) as {
    url: string;
  };
  await page.goto(session.url);
  await expect.poll(() => page.textContent('main')).toContain('Gold Monthly');
  const back = page.locator('[data-back-to-app]');
  expect(await back.textContent()).toBe('Back to app.example.com');
  expect(await back.getAttribute('href')).toBe('https://app.example.com/account');
  await page.screenshot({ path: `${outputDir()}/portal-session.png`, fullPage: true });

  // The same URL again, in a fresh browser: it opens nothing.
  const other = await browser.newPage();
  await other.goto(session.url);
  expect(await other.textContent('h1')).toContain('already used');
});
