import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { newId, randomToken } from '../ids';
import { previousAttributes } from '../diff';
import { requireCoupon } from './coupons';
import { idOf } from '../refs';

function requireCode(rt: Runtime, id: string): Stripe.PromotionCode {
  const code = rt.store.promotionCodes.get(id);
  if (!code) throw noSuchResource('promotion_code', id);
  return code;
}

/** The promotion code a customer types, matched case-insensitively as Stripe does. */
export function findPromotionCode(rt: Runtime, code: string): Stripe.PromotionCode | undefined {
  const wanted = code.trim().toUpperCase();
  return rt.store.promotionCodes.newestFirst((pc) => pc.code.toUpperCase() === wanted)[0];
}

/**
 * PromotionCodeCreateParams.code (stripe-node 23 / API reference): "Valid characters are lower case
 * letters (a-z), upper case letters (A-Z), digits (0-9), and dashes (-)", "Max length: 500".
 */
function checkCodeText(text: string): void {
  if (!/^[a-zA-Z0-9-]{1,500}$/.test(text)) {
    throw invalidParam('code', 'Promotion codes may only contain letters (a-z, A-Z), digits (0-9) and dashes (-), at most 500 characters.');
  }
}

/**
 * "Regardless of case, this code must be unique across all active promotion codes for a specific
 * customer": a customer sees their own codes and the ones open to everybody, so a code clashes with
 * an active one of the same text for the same customer, or where either is open to everybody.
 */
function clashingCode(rt: Runtime, text: string, customer: string | null): boolean {
  const wanted = text.toUpperCase();
  return rt.store.promotionCodes
    .newestFirst((pc) => pc.active && pc.code.toUpperCase() === wanted)
    .some((pc) => {
      const owner = idOf(pc.customer);
      return owner === null || customer === null || owner === customer;
    });
}

/**
 * expires_at: "If the coupon has specified a `redeems_by`, then this value cannot be after the coupon's
 * `redeems_by`"; max_redemptions: "If the coupon has specified a `max_redemptions`, then this value
 * cannot be greater than the coupon's `max_redemptions`" (PromotionCodeCreateParams, API reference).
 */
function checkWithinCoupon(coupon: Stripe.Coupon, expiresAt: number | undefined, maxRedemptions: number | undefined): void {
  if (expiresAt !== undefined && coupon.redeem_by !== null && expiresAt > coupon.redeem_by) {
    throw invalidParam('expires_at', `The promotion code's \`expires_at\` (${expiresAt}) cannot be after the coupon's \`redeem_by\` (${coupon.redeem_by}).`);
  }
  if (maxRedemptions !== undefined && coupon.max_redemptions !== null && maxRedemptions > coupon.max_redemptions) {
    throw invalidParam(
      'max_redemptions',
      `The promotion code's \`max_redemptions\` (${maxRedemptions}) cannot be greater than the coupon's \`max_redemptions\` (${coupon.max_redemptions}).`,
    );
  }
}

/** /v1/promotion_codes: customer-facing codes for a coupon, with their own limits. */
export function promotionCodeRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.PromotionCode>(rt, {
    collection: (r) => r.store.promotionCodes,
    kind: 'promotion_code',
    url: '/v1/promotion_codes',
    filters: (p) => {
      const code = p.string('code');
      const coupon = p.string('coupon');
      const active = p.boolean('active');
      const customer = p.string('customer');
      return [
        (pc) => code === undefined || pc.code.toUpperCase() === code.toUpperCase(),
        (pc) => coupon === undefined || idOf(pc.promotion.coupon) === coupon,
        (pc) => active === undefined || pc.active === active,
        (pc) => customer === undefined || idOf(pc.customer) === customer,
      ];
    },
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const promotion = p.object('promotion');
    const couponId = promotion?.string('coupon');
    promotion?.oneOf('type', ['coupon']);
    if (!couponId) throw missingParam('promotion[coupon]');
    const coupon = requireCoupon(rt, couponId, 'promotion[coupon]');
    const code = p.string('code');
    const active = p.boolean('active') ?? true;
    const customer = p.string('customer');
    const expiresAt = p.integer('expires_at');
    const maxRedemptions = p.integer('max_redemptions', { min: 1 });
    const metadata = p.metadata();
    const r = p.object('restrictions');
    const firstTime = r?.boolean('first_time_transaction') ?? false;
    const minimum = r?.integer('minimum_amount', { min: 0 });
    const minimumCurrency = r?.string('minimum_amount_currency');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const text =
      code ??
      randomToken(8)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, 'X');
    checkCodeText(text);
    if (active && clashingCode(rt, text, customer ?? null)) {
      throw badRequest(`An active promotion code with \`code: ${text}\` already exists.`, 'code');
    }
    const now = rt.clock.now();
    if (expiresAt !== undefined && expiresAt <= now) throw invalidParam('expires_at', 'expires_at must be in the future.');
    checkWithinCoupon(coupon, expiresAt, maxRedemptions);
    const promo: Stripe.PromotionCode = {
      id: newId('promo'),
      object: 'promotion_code',
      active,
      code: text,
      created: now,
      customer: customer ?? null,
      customer_account: null,
      expires_at: expiresAt ?? null,
      livemode: false,
      max_redemptions: maxRedemptions ?? null,
      metadata: metadata ?? {},
      promotion: { coupon: coupon.id, type: 'coupon' },
      restrictions: { first_time_transaction: firstTime, minimum_amount: minimum ?? null, minimum_amount_currency: minimumCurrency ?? null },
      times_redeemed: 0,
    };
    rt.store.promotionCodes.insert(promo);
    rt.bus.publish({ type: 'promotion_code.created', data: { object: promo } }, originOf(c));
    return sendObject(c, rt.store, promo, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requireCode(rt, c.req.param('id'));
    const active = p.boolean('active');
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (active === true && !current.active && clashingCode(rt, current.code, idOf(current.customer))) {
      throw badRequest(`An active promotion code with \`code: ${current.code}\` already exists.`, 'active');
    }
    const next: Stripe.PromotionCode = { ...current, active: active ?? current.active, metadata: mergeMetadata(current.metadata ?? {}, metadata) };
    rt.store.promotionCodes.replace(next);
    const previous = previousAttributes(current, next);
    if (previous) rt.bus.publish({ type: 'promotion_code.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  return app;
}
