import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningRecur } from '../../server/runtime';
import { createStripeClient } from '../../server/stripe/client';
import { launchChromium, logInToAdmin, outputDir } from '../helpers/browser';
import { E2E_ADMIN_PASSWORD, startWholeRecur } from '../helpers/wholeRecur';

// An admin turns on add-ons and seats for a signup form in the panel; a person signs up for 3
// seats with an add-on through the hosted form and Checkout's page. Checkout makes one
// subscription item per line item (docs.stripe.com/api/checkout/sessions/create#create_checkout_session-line_items).

const ADMIN_EMAIL = 'owner@items-e2e.local';

let recur: RunningRecur;
let browser: Browser;
let cookie: string;

interface PlanJson {
  id: number;
  name: string;
  amount: number;
  stripePriceId: string;
}

beforeAll(async () => {
  recur = await startWholeRecur(ADMIN_EMAIL);
  browser = await launchChromium();
  const login = await fetch(`${recur.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: E2E_ADMIN_PASSWORD }),
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
  await logInToAdmin(page, recur.url, ADMIN_EMAIL, E2E_ADMIN_PASSWORD);
}

it('a form offering add-ons and seats, built in the panel: 3 seats and an add-on through Checkout make a subscription with both items', async () => {
  const plans = await api<PlanJson[]>(`/plans?filter=${encodeURIComponent(JSON.stringify({ q: 'Extra storage' }))}`);
  const storage = plans.find((p) => p.name === 'Extra storage')!;
  const team = await api<PlanJson>('/plans', {
    name: 'Team Seats',
    tier: 'gold',
    amount: 700,
    currency: 'usd',
    interval: 'month',
    perSeat: true,
    minQuantity: 1,
    maxQuantity: 10,
    addonIds: [storage.id],
  });

  // The admin builds the form: one plan, add-ons and seats offered.
  const admin = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signIn(admin);
  await admin.goto(`${recur.url}/admin/#/signup-forms/create`);
  await admin.getByLabel('Title').fill('Teams');
  await admin.getByLabel('Slug').fill('teams');
  await admin.getByRole('combobox', { name: /^Plan/ }).last().click();
  await admin.getByRole('option', { name: 'Team Seats', exact: true }).click();
  await admin.getByLabel("Offer the chosen plan's add-ons").check();
  await admin.getByLabel('Ask for the number of seats').check();
  await admin.screenshot({ path: `${outputDir()}/signup-items-editor.png`, fullPage: true });
  await admin.getByRole('button', { name: 'Save' }).click();
  await admin.waitForURL(/#\/signup-forms\/\d+$/);
  const [form] = await api<{ slug: string; offerAddons: boolean; offerSeats: boolean }[]>(
    `/signup-forms?filter=${encodeURIComponent(JSON.stringify({ slug: 'teams' }))}`,
  );
  expect(form).toMatchObject({ offerAddons: true, offerSeats: true });
  await admin.close();

  // A person signs up on it: the extras show under the plan once it is chosen (CSS only; no script).
  const email = 'katherine@example.com';
  const page = await browser.newPage();
  await page.goto(`${recur.url}/signup/teams`);
  const extras = page.locator(`[data-extras="${team.id}"]`);
  await page.locator(`input[name=plan][value="${team.id}"]`).check();
  await extras.getByLabel('Seats for Team Seats').fill('3');
  await extras.getByLabel(/Extra storage/).check();
  await page.fill('input[name=email]', email);
  await page.fill('input[name=name]', 'Katherine Johnson');
  await page.screenshot({ path: `${outputDir()}/signup-items-form.png`, fullPage: true });
  await page.click('button:has-text("Continue to payment")');

  // Stripe Checkout (the emulator's hosted page): two lines, and the total of both.
  await page.waitForURL(/\/c\/pay\/cs_/);
  expect(await page.locator('.line-item').count()).toBe(2);
  const sessionId = /cs_\w+/.exec(page.url())![0];
  await page.fill('#cardNumber', '4242 4242 4242 4242');
  await page.fill('#cardExpiry', '12 / 34');
  await page.fill('#cardCvc', '123');
  await page.fill('#billingName', 'Katherine Johnson');
  await page.click('button.SubmitButton');
  await page.waitForURL(/\/signup\/teams\/done\?session_id=cs_/);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('[data-outcome]').getAttribute('data-outcome');
      },
      { timeout: 15_000 },
    )
    .toBe('active');
  await page.screenshot({ path: `${outputDir()}/signup-items-done.png`, fullPage: true });
  await page.close();

  const stripe = createStripeClient('sk_test_emulator', recur.emulatorUrl);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const remote = await stripe.subscriptions.retrieve(session.subscription as string);
  expect(remote.items.data.map((item) => [item.price.id, item.quantity])).toEqual([
    [team.stripePriceId, 3],
    [storage.stripePriceId, 1],
  ]);
  // Recur's side, once the webhooks are applied: both items, and the total of both.
  const customerOf = async () =>
    (await api<{ id: number; monthlyTotal: number }[]>(`/customers?filter=${encodeURIComponent(JSON.stringify({ q: email }))}`))[0];
  await expect.poll(async () => (await customerOf())?.monthlyTotal, { timeout: 15_000 }).toBe(3 * team.amount + storage.amount);
  const customerId = (await customerOf())!.id;
  const [subscription] = await api<{ items: { planId: number; quantity: number }[] }[]>(
    `/subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId }))}`,
  );
  expect(subscription?.items.map((item) => [item.planId, item.quantity])).toEqual([
    [team.id, 3],
    [storage.id, 1],
  ]);
});
