import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, outputDir } from '../helpers/browser';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';

let recur: TestRecur;
let url: string;
let browser: Browser;

beforeAll(async () => {
  recur = await startTestRecur();
  url = await recur.listen();
  // One subscriber, so the lists and the dashboard's charts have something to draw.
  await signUp(recur, 'Gold Monthly', 'csp@example.com');
  await settle(recur);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await recur?.close();
});

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      );
    });
  });
  return violations;
}

describe('the Content-Security-Policy in Chromium', () => {
  it('lets the built admin load and work without a single violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations = await watchViolations(page);
    const response = await page.goto(`${url}/admin/#/login`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.fill('#email', OWNER_EMAIL);
    await page.fill('#password', OWNER_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => !u.hash.includes('login'));
    // The dashboard's charts are a lazily loaded chunk: the policy must allow it too.
    await page.locator('[data-testid=chart-mrr] .recharts-surface').waitFor({ timeout: 15_000 });
    for (const [route, ready] of [
      ['payments', 'tbody tr'],
      ['subscriptions', 'tbody tr'],
      ['plans', 'tbody tr'],
      ['settings', 'input'],
    ] as const) {
      await page.goto(`${url}/admin/#/${route}`);
      await page.locator(ready).first().waitFor();
    }
    await page.screenshot({ path: `${outputDir()}/admin-under-csp.png` });
    expect(violations).toEqual([]);
  });

  it('lets the signup page render and submit without a violation', async () => {
    const page = await browser.newPage();
    const violations = await watchViolations(page);
    await page.goto(`${url}/signup`);
    await page.locator('input[name=plan]').first().check();
    await page.fill('input[name=email]', 'csp-form@example.com');
    await page.fill('input[name=name]', 'Csp Form');
    await Promise.all([
      page.waitForURL((u) => u.pathname.includes('/c/pay/')),
      page.locator('form button[type=submit], form input[type=submit]').first().click(),
    ]);
    expect(violations).toEqual([]);
  });

  it('keeps the admin out of frames on other sites', async () => {
    const page = await browser.newPage();
    const violations = await watchViolations(page);
    // A page of another origin (the emulator's) that tries to frame the admin.
    await page.goto(`${recur.emulator.url}/_emulator/deliveries/idle?timeout_ms=1`);
    await page.setContent(`<iframe id="f" src="${url}/admin/"></iframe>`);
    await expect.poll(() => violations.join('\n'), { timeout: 10_000 }).toMatch(/frame-ancestors/);
    const framed = page.frames().filter((f) => f !== page.mainFrame());
    for (const frame of framed) expect(await frame.locator('#root').count()).toBe(0);
  });
});
