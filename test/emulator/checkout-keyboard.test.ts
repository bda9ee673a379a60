import type Stripe from 'stripe';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { GOOD_CARD, recurringPrice, startTestEmulator } from '../helpers/emulator';
import { launchChromium } from '../helpers/browser';

// On Stripe's Checkout page, Enter in a card field pays (the pay button is the form's default),
// and Enter in the promotion code field applies the code without paying. HTML's implicit
// submission clicks the form's first submit button in tree order, so the pay button comes first.

let t: TestEmulator;
let browser: Browser;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  browser = await launchChromium();
  price = await recurringPrice(t.stripe, 1800, 'Keys');
  const coupon = await t.stripe.coupons.create({ percent_off: 50, duration: 'once' });
  await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALF' });
});
afterAll(async () => {
  await browser?.close();
  await t.emulator.close();
});

async function openPage(): Promise<{ page: Page; session: Stripe.Checkout.Session }> {
  const session = await t.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 1 }],
    allow_promotion_codes: true,
    success_url: 'https://app.example/done?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://app.example/cancel',
  });
  const page = await browser.newPage();
  // The success page is the business's; answer it here instead of leaving the machine.
  await page.route('https://app.example/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="thanks">thanks</p>' }));
  await page.goto(session.url ?? '');
  await page.fill('#email', 'keys@x.io');
  await page.fill('#cardNumber', GOOD_CARD.cardNumber);
  await page.fill('#cardExpiry', GOOD_CARD.cardExpiry);
  await page.fill('#cardCvc', GOOD_CARD.cardCvc);
  await page.fill('#billingName', GOOD_CARD.billingName);
  return { page, session };
}

describe('the Checkout page from the keyboard', () => {
  it('applies a promotion code on Enter in its field, and pays on Enter in a card field', async () => {
    const { page, session } = await openPage();
    await page.fill('#promotionCode', 'HALF');
    await page.press('#promotionCode', 'Enter');
    await page.waitForSelector('#discount');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    // Applying re-renders the page: the card fields are typed again, as a browser would not keep them.
    await page.fill('#cardNumber', GOOD_CARD.cardNumber);
    await page.fill('#cardExpiry', GOOD_CARD.cardExpiry);
    await page.fill('#cardCvc', GOOD_CARD.cardCvc);
    await page.fill('#billingName', GOOD_CARD.billingName);
    await page.press('#cardCvc', 'Enter');
    await page.waitForSelector('#thanks');
    const done = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(done.status).toBe('complete');
    expect(done.amount_total).toBe(900);
    await page.close();
  });
});
