import { describe, expect, it } from 'vitest';
import { promotionCodeInputSchema, promotionCodeLimitErrors } from '../../shared/coupon';

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const parse = (body: unknown) => promotionCodeInputSchema.safeParse(body);
const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (result.error?.issues ?? []).map((i) => i.path.join('.'));

/**
 * Promotion codes as Stripe takes them (PromotionCodeCreateParams, stripe-node 23 for
 * 2026-10-28.endive; docs.stripe.com/api/promotion_codes/create): the code is "lower case letters
 * (a-z), upper case letters (A-Z), digits (0-9), and dashes (-)"; expires_at "cannot be after the
 * coupon's redeems_by"; max_redemptions "cannot be greater than the coupon's max_redemptions".
 */
describe('a promotion code', () => {
  it('takes letters, digits and dashes, upper-cased', () => {
    expect(parse({ couponId: 1, code: 'spring-25' })).toMatchObject({ success: true, data: { code: 'SPRING-25' } });
    expect(parse({ couponId: 1, code: 'ABC' }).success).toBe(true);
  });

  it.each(['spring_25', 'spring 25', 'spring!', 'früh', 'ab', 'x'.repeat(41)])('refuses the code %j on the code field', (code) => {
    expect(fieldsOf(parse({ couponId: 1, code }))).toEqual(['code']);
  });

  it('refuses an expiry in the past, and unknown keys', () => {
    expect(fieldsOf(parse({ couponId: 1, code: 'LATE', expiresAt: '2020-01-01T00:00:00Z' }))).toEqual(['expiresAt']);
    expect(parse({ couponId: 1, code: 'OK', coupon: 'co_1' }).success).toBe(false);
  });

  it("stays within its coupon's redeem-by date and redemption limit", () => {
    const redeemBy = new Date(Date.now() + 3 * 86_400_000);
    const coupon = { redeemBy, maxRedemptions: 10 };
    expect(promotionCodeLimitErrors({ expiresAt: inAWeek(), maxRedemptions: 11 }, coupon)).toEqual({
      expiresAt: expect.stringContaining(redeemBy.toISOString()),
      maxRedemptions: expect.stringContaining('10'),
    });
    expect(promotionCodeLimitErrors({ expiresAt: redeemBy.toISOString(), maxRedemptions: 10 }, coupon)).toEqual({});
    expect(promotionCodeLimitErrors({ expiresAt: inAWeek(), maxRedemptions: 1_000 }, { redeemBy: null, maxRedemptions: null })).toEqual({});
    expect(promotionCodeLimitErrors({ expiresAt: null, maxRedemptions: null }, coupon)).toEqual({});
  });
});
