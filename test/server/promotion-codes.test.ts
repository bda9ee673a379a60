import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PromotionCode } from '../../server/db/models';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { jsonRequest } from '../helpers/api';

/**
 * Promotion codes are checked as Stripe checks them (PromotionCodeCreateParams, stripe-node 23 for
 * 2026-10-28.endive; docs.stripe.com/api/promotion_codes/create), so the admin form shows a field
 * error instead of a failed Stripe call: letters, digits and dashes only; expires_at not after the
 * coupon's redeem_by; max_redemptions not above the coupon's.
 */

let recur: TestRecur;
let cookie: string;
let limited: { id: number; redeemBy: string };

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  cookie = await signInCookie(recur.app);
  const redeemBy = new Date(Date.now() + 5 * 86_400_000).toISOString();
  limited = await (await post('/api/coupons', { name: 'Limited', percentOff: 20, duration: 'once', maxRedemptions: 50, redeemBy })).json();
});
afterAll(() => recur.close());

function post(path: string, body: unknown) {
  return jsonRequest(recur.app, 'POST', path, { cookie, body });
}

async function stripeCodes(): Promise<string[]> {
  return (await recur.stripe.promotionCodes.list({ limit: 100 })).data.map((p) => p.code);
}

describe('creating a promotion code', () => {
  it.each([
    ['an underscore', { code: 'SPRING_25' }, 'code'],
    ['a space', { code: 'SPRING 25' }, 'code'],
    ['an expiry after the coupon can be redeemed', { code: 'LATE', expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }, 'expiresAt'],
    ["more redemptions than the coupon's", { code: 'MANY', maxRedemptions: 51 }, 'maxRedemptions'],
    ['an expiry in the past', { code: 'GONE', expiresAt: '2020-01-01T00:00:00.000Z' }, 'expiresAt'],
    ['an unknown key', { code: 'EXTRA', restrictions: { first_time_transaction: true } }, 'restrictions'],
  ])('refuses %s with 400 on that field, before Stripe is asked', async (_what, fields, field) => {
    const res = await post('/api/promotion-codes', { couponId: limited.id, ...fields });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(Object.keys(body.errors)).toEqual([field]);
    expect(body.message).toContain(field);
    expect(await stripeCodes()).toEqual([]);
    expect(await PromotionCode.count()).toBe(0);
  });

  it("accepts a code with dashes within the coupon's limits", async () => {
    const res = await post('/api/promotion-codes', { couponId: limited.id, code: 'spring-25', maxRedemptions: 50, expiresAt: limited.redeemBy });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ code: 'SPRING-25', maxRedemptions: 50 });
    expect(await stripeCodes()).toEqual(['SPRING-25']);
  });
});
