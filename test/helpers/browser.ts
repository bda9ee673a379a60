import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The system Chromium (Debian's package), never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Screenshots and traces go here, next to the test output, never into the sources. */
export function outputDir(): string {
  const dir = 'test-output';
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Signs in to the admin panel through its login form, as a person does, and waits for the panel. */
export async function logInToAdmin(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/#/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.hash.includes('login'));
}

/**
 * A page of a wide window (the admin's lists show every column), signed in to the admin, with
 * actions waiting at most 15 s for what they act on: a missing button fails fast and names itself.
 */
export async function signedInAdminPage(browser: Browser, baseUrl: string, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1200 } })).newPage();
  page.setDefaultTimeout(15_000);
  await logInToAdmin(page, baseUrl, email, password);
  return page;
}
