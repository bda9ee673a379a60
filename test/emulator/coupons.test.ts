import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from '../helpers/emulator';
import { GOOD_CARD, recurringPrice, startTestEmulator, submitCheckout } from '../helpers/emulator';
import { monthStart, advanceClock, clockCustomer } from '../helpers/clock';

let t: TestEmulator;
let price: Stripe.Price;
beforeAll(async () => {
  t = await startTestEmulator();
  price = await recurringPrice(t.stripe, 2000, 'Pro');
});
afterAll(async () => {
  await t.emulator.close();
});

describe('coupons and promotion codes', () => {
  it('creates, lists, updates and deletes coupons, validating their shape', async () => {
    const pct = await t.stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 3, name: 'Quarter' });
    expect(pct).toMatchObject({ object: 'coupon', percent_off: 25, duration: 'repeating', duration_in_months: 3, valid: true, times_redeemed: 0 });
    const fixed = await t.stripe.coupons.create({ id: 'FIVE', amount_off: 500, currency: 'usd', duration: 'forever' });
    expect(fixed).toMatchObject({ id: 'FIVE', amount_off: 500, currency: 'usd', percent_off: null });
    expect((await t.stripe.coupons.update('FIVE', { name: 'Five off', metadata: { a: '1' } })).name).toBe('Five off');
    expect((await t.stripe.coupons.list({ limit: 100 })).data.map((c) => c.id)).toEqual(expect.arrayContaining([pct.id, 'FIVE']));
    const both = await t.stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: 'usd' }).catch((e: unknown) => e);
    expect(both).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const noMonths = await t.stripe.coupons.create({ percent_off: 10, duration: 'repeating' }).catch((e: unknown) => e);
    expect(noMonths).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const gone = await t.stripe.coupons.create({ percent_off: 5 });
    expect(await t.stripe.coupons.del(gone.id)).toEqual({ id: gone.id, object: 'coupon', deleted: true });
  });

  it('applies once and forever coupons over two renewals', async () => {
    const once = await t.stripe.coupons.create({ percent_off: 50, duration: 'once' });
    const forever = await t.stripe.coupons.create({ amount_off: 300, currency: 'usd', duration: 'forever' });
    const { clock, customer } = await clockCustomer(t.stripe);
    const a = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: once.id }],
      expand: ['latest_invoice'],
    });
    const b = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: forever.id }],
      expand: ['latest_invoice'],
    });
    const first = a.latest_invoice as Stripe.Invoice;
    expect(first).toMatchObject({ subtotal: 2000, total: 1000, amount_paid: 1000 });
    expect(first.total_discount_amounts?.[0].amount).toBe(1000);
    expect(first.lines.data[0].discount_amounts?.[0].amount).toBe(1000);
    expect((b.latest_invoice as Stripe.Invoice).amount_paid).toBe(1700);
    expect((await t.stripe.subscriptions.retrieve(a.id)).discounts).toEqual([]);
    expect((await t.stripe.subscriptions.retrieve(b.id)).discounts).toHaveLength(1);

    await advanceClock(t.stripe, clock.id, monthStart(2) + 60);
    const paidA = (await t.stripe.invoices.list({ subscription: a.id })).data.map((i) => i.amount_paid);
    const paidB = (await t.stripe.invoices.list({ subscription: b.id })).data.map((i) => i.amount_paid);
    expect(paidA).toEqual([2000, 2000, 1000]);
    expect(paidB).toEqual([1700, 1700, 1700]);
    expect((await t.stripe.coupons.retrieve(once.id)).times_redeemed).toBe(1);
    const created = await t.stripe.events.list({ type: 'customer.discount.created', limit: 10 });
    expect(created.data.map((e) => (e.data.object as Stripe.Discount).subscription)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('ends a repeating coupon after its months', async () => {
    const repeating = await t.stripe.coupons.create({ percent_off: 10, duration: 'repeating', duration_in_months: 1 });
    const { clock, customer } = await clockCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: repeating.id }] });
    await advanceClock(t.stripe, clock.id, monthStart(1) + 60);
    expect((await t.stripe.invoices.list({ subscription: sub.id })).data.map((i) => i.amount_paid)).toEqual([2000, 1800]);
  });

  it('redeems promotion codes within their limits and lists them by code', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING20', max_redemptions: 1 });
    expect(promo).toMatchObject({ object: 'promotion_code', code: 'SPRING20', active: true, times_redeemed: 0, promotion: { coupon: coupon.id } });
    expect((await t.stripe.promotionCodes.list({ code: 'SPRING20' })).data.map((p) => p.id)).toEqual([promo.id]);
    const c = await t.stripe.customers.create({ invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await t.stripe.subscriptions.create({
      customer: c.id,
      items: [{ price: price.id }],
      discounts: [{ promotion_code: promo.id }],
      expand: ['latest_invoice'],
    });
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(1600);
    expect((await t.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    const again = await t.stripe.subscriptions
      .create({ customer: c.id, items: [{ price: price.id }], discounts: [{ promotion_code: promo.id }] })
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const off = await t.stripe.promotionCodes.update(promo.id, { active: false });
    expect(off.active).toBe(false);
  });

  it('refuses promotion codes Stripe refuses: bad characters, a duplicate in any case, limits beyond the coupon’s', async () => {
    // PromotionCodeCreateParams (API reference, as in stripe-node 23): code "Regardless of case ... must be unique
    // across all active promotion codes for a specific customer. Valid characters are ... (a-z), (A-Z), (0-9), and
    // dashes (-)"; expires_at "cannot be after the coupon's `redeems_by`"; max_redemptions "cannot be greater than
    // the coupon's `max_redemptions`".
    const redeemBy = Math.floor(Date.now() / 1000) + 30 * 86_400;
    const coupon = await t.stripe.coupons.create({ percent_off: 15, duration: 'once', redeem_by: redeemBy, max_redemptions: 5 });
    const promotion = { type: 'coupon' as const, coupon: coupon.id };
    const refused = async (params: Partial<Stripe.PromotionCodeCreateParams>): Promise<string | undefined> => {
      const err = await t.stripe.promotionCodes.create({ promotion, ...params }).catch((e: unknown) => e);
      if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw new Error(`accepted ${JSON.stringify(params)}`);
      expect(err.statusCode).toBe(400);
      return err.param;
    };
    expect(await refused({ code: 'SUMMER_15' })).toBe('code');
    expect(await refused({ code: 'SUMMER 15' })).toBe('code');
    expect(await refused({ expires_at: redeemBy + 1 })).toBe('expires_at');
    expect(await refused({ max_redemptions: 6 })).toBe('max_redemptions');

    const summer = await t.stripe.promotionCodes.create({ promotion, code: 'Summer-15', expires_at: redeemBy, max_redemptions: 5 });
    expect(await refused({ code: 'SUMMER-15' })).toBe('code');
    // Unique per customer: another customer's own code may read the same only while no code is open to everybody.
    const [a, b] = [await t.stripe.customers.create({}), await t.stripe.customers.create({})];
    expect(await refused({ code: 'summer-15', customer: a.id })).toBe('code');
    await t.stripe.promotionCodes.update(summer.id, { active: false });
    await t.stripe.promotionCodes.create({ promotion, code: 'VIP-1', customer: a.id });
    await expect(t.stripe.promotionCodes.create({ promotion, code: 'vip-1', customer: b.id })).resolves.toMatchObject({ code: 'vip-1' });
    expect(await refused({ code: 'Vip-1', customer: a.id })).toBe('code');
  });

  it('adds and removes a discount on an existing subscription', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const c = await t.stripe.customers.create({ invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await t.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    const withDiscount = await t.stripe.subscriptions.update(sub.id, { discounts: [{ coupon: coupon.id }] });
    expect(withDiscount.discounts).toHaveLength(1);
    const preview = await t.stripe.invoices.createPreview({ subscription: sub.id });
    expect(preview.amount_due).toBe(1800);
    const cleared = await t.stripe.subscriptions.update(sub.id, { discounts: '' });
    expect(cleared.discounts).toEqual([]);
  });
});

describe('checkout with a promotion code', () => {
  it('shows the code input, rejects a bad code, applies a good one and bills the discount', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 50, duration: 'once' });
    await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HALF' });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      allow_promotion_codes: true,
      success_url: 'https://app.example/done',
    });
    expect(session.allow_promotion_codes).toBe(true);
    const html = await (await fetch(session.url ?? '')).text();
    expect(html).toContain('id="promotionCode"');
    expect(html).toContain('$20.00');

    const bad = await submitCheckout(session.url ?? '', { ...GOOD_CARD, email: 'promo@x.io', promotionCode: 'NOPE' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('This code is invalid.');

    const applied = await submitCheckout(session.url ?? '', { email: 'promo@x.io', promotionCode: 'half', intent: 'apply' });
    expect(applied.status).toBe(200);
    const appliedHtml = await applied.text();
    expect(appliedHtml).toContain('HALF (50% off)');
    expect(appliedHtml).toMatch(/id="total">\$10\.00</);

    const paid = await submitCheckout(session.url ?? '', { ...GOOD_CARD, email: 'promo@x.io', promotionCode: 'HALF' });
    expect(paid.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['invoice'] });
    expect(done).toMatchObject({ status: 'complete', amount_total: 1000, total_details: { amount_discount: 1000 } });
    expect(done.discounts?.[0].promotion_code).toMatch(/^promo_/);
    expect(done.invoice).toMatchObject({ amount_paid: 1000, subtotal: 2000 });
  });

  it('takes a coupon through the session’s discounts param', async () => {
    const coupon = await t.stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'forever' });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      discounts: [{ coupon: coupon.id }],
      success_url: 'https://app.example/done',
    });
    expect(session).toMatchObject({ amount_subtotal: 2000, amount_total: 1500, total_details: { amount_discount: 500 } });
    const paid = await submitCheckout(session.url ?? '', { ...GOOD_CARD, email: 'coupon@x.io' });
    expect(paid.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect((done.subscription as Stripe.Subscription).discounts).toHaveLength(1);
  });
});
