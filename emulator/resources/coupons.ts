import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { badRequest, invalidParam, missingParam, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { randomToken } from '../ids';
import { previousAttributes } from '../diff';

export function requireCoupon(rt: Runtime, id: string, param = 'id'): Stripe.Coupon {
  const coupon = rt.store.coupons.get(id);
  if (!coupon) throw noSuchResource('coupon', id, param);
  return coupon;
}

/** /v1/coupons: percent_off or amount_off+currency; once, repeating (duration_in_months) or forever. */
export function couponRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.Coupon>(rt, { collection: (r) => r.store.coupons, kind: 'coupon', url: '/v1/coupons' });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const id = p.string('id');
    const percentOff = p.string('percent_off');
    const amountOff = p.integer('amount_off', { min: 1 });
    const currency = p.string('currency')?.toLowerCase();
    const duration = p.oneOf('duration', ['once', 'repeating', 'forever']) ?? 'once';
    const months = p.integer('duration_in_months', { min: 1 });
    const maxRedemptions = p.integer('max_redemptions', { min: 1 });
    const redeemBy = p.integer('redeem_by');
    const name = p.string('name');
    const metadata = p.metadata();
    p.object('applies_to')?.stringArray('products');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (id && rt.store.coupons.get(id)) throw badRequest('Coupon already exists.', 'id');
    const pct = percentOff === undefined ? null : Number(percentOff);
    if (pct !== null && (!Number.isFinite(pct) || pct <= 0 || pct > 100))
      throw invalidParam('percent_off', 'percent_off must be greater than 0 and at most 100.');
    if ((pct === null) === (amountOff === undefined)) throw badRequest('You must pass exactly one of percent_off or amount_off.', 'percent_off');
    if (amountOff !== undefined && !currency) throw missingParam('currency');
    if (duration === 'repeating' && months === undefined) throw missingParam('duration_in_months');
    if (duration !== 'repeating' && months !== undefined) throw invalidParam('duration_in_months', 'duration_in_months only applies to repeating coupons.');
    const now = rt.clock.now();
    if (redeemBy !== undefined && redeemBy <= now) throw invalidParam('redeem_by', 'redeem_by must be in the future.');
    const coupon: Stripe.Coupon = {
      id: id ?? randomToken(8),
      object: 'coupon',
      amount_off: amountOff ?? null,
      created: now,
      currency: amountOff !== undefined ? (currency ?? null) : null,
      duration,
      duration_in_months: months ?? null,
      livemode: false,
      max_redemptions: maxRedemptions ?? null,
      metadata: metadata ?? {},
      name: name ?? null,
      percent_off: pct,
      redeem_by: redeemBy ?? null,
      times_redeemed: 0,
      valid: true,
    };
    rt.store.coupons.insert(coupon);
    rt.bus.publish({ type: 'coupon.created', data: { object: coupon } }, originOf(c));
    return sendObject(c, rt.store, coupon, expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requireCoupon(rt, c.req.param('id'));
    const name = p.nullableString('name');
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const next: Stripe.Coupon = { ...current, name: name === undefined ? current.name : name, metadata: mergeMetadata(current.metadata ?? {}, metadata) };
    rt.store.coupons.replace(next);
    const previous = previousAttributes(current, next);
    if (previous) rt.bus.publish({ type: 'coupon.updated', data: { object: next, previous_attributes: previous } }, originOf(c));
    return sendObject(c, rt.store, next, expand);
  });

  app.delete('/:id', (c) => {
    paramsOf(c).done();
    const coupon = requireCoupon(rt, c.req.param('id'));
    // Discounts already made from it keep applying, as in Stripe; only new redemptions stop.
    rt.store.coupons.remove(coupon.id);
    rt.store.billing.deletedCoupons.set(coupon.id, { ...coupon, valid: false });
    rt.bus.publish({ type: 'coupon.deleted', data: { object: coupon } }, originOf(c));
    const deleted: Stripe.DeletedCoupon = { id: coupon.id, object: 'coupon', deleted: true };
    return c.json(deleted);
  });

  return app;
}
