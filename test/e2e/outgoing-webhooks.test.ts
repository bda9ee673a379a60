import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInAdminPage, outputDir } from '../helpers/browser';
import { customerLifecycleStream } from '../helpers/eventStream';
import { OWNER_EMAIL, OWNER_PASSWORD, startTestRecur, type TestRecur } from '../helpers/recur';
import { startReceiver, type Receiver } from '../helpers/webhookReceiver';
import { deliver } from '../helpers/webhooks';

/** The admin creates an outgoing-webhook endpoint, sees its deliveries, and replays one (issue 15). */
describe('outgoing webhooks in the admin', () => {
  let recur: TestRecur;
  let url: string;
  let browser: Browser;
  let page: Page;
  let receiver: Receiver;

  beforeAll(async () => {
    recur = await startTestRecur({ seed: false });
    url = await recur.listen();
    receiver = await startReceiver();
    browser = await launchChromium();
    page = await signedInAdminPage(browser, url, OWNER_EMAIL, OWNER_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await recur?.close();
    await receiver?.close();
  });

  it('creates an endpoint, shows its secret once, lists its deliveries and replays one', async () => {
    await page.goto(`${url}/admin/#/webhook-endpoints/create`);
    await page.fill('input[name=url]', receiver.url);
    await page.fill('input[name=description]', 'The mobile app');
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.locator('[data-testid=webhook-secret-dialog]');
    const secret = await dialog.locator('[data-testid=webhook-secret]').inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await page.screenshot({ path: `${outputDir()}/webhook-endpoint-secret.png` });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.waitForURL((u) => /#\/webhook-endpoints\/\d+\/show/.test(u.hash));
    // never shown again: the page has the hint only
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`whsec_…${secret.slice(-4)}`).waitFor();
    expect(await page.content()).not.toContain(secret);

    // A customer subscribes (Stripe's events arrive): Recur's own events go to the endpoint.
    for (const event of customerLifecycleStream(1, 'price_outside_recur').slice(0, 3)) {
      expect((await deliver(recur, event)).status).toBe(200);
      await recur.inbox.idle();
    }
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const created = receiver.received.find((r) => r.body?.type === 'subscription.created')!;
    expect(created.verifyError).toBeNull();

    const row = page.locator('tbody tr', { hasText: 'subscription.created' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('text=The mobile app').waitFor();
          return row.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await expect.poll(() => row.innerText()).toContain('200');
    await page.screenshot({ path: `${outputDir()}/webhook-endpoint-deliveries.png` });

    await row.getByRole('button', { name: 'Replay' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Delivery queued to be sent again').waitFor();
    await expect.poll(() => receiver.received.filter((r) => r.id === created.id).length, { timeout: 15_000 }).toBe(2);
    expect(receiver.received.filter((r) => r.id === created.id).every((r) => r.verifyError === null)).toBe(true);

    // The delivery's own page: its attempts, both answered 200.
    await row.click();
    await page.waitForURL((u) => /#\/webhook-deliveries\/\d+\/show/.test(u.hash));
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('[data-testid=delivery-attempts]').innerText();
        },
        { timeout: 15_000 },
      )
      .toMatch(/200[\s\S]*\n[\s\S]*200/);
    await page.screenshot({ path: `${outputDir()}/webhook-delivery-show.png` });
  });
});
