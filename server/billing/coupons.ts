import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import type { SessionUser } from '../auth/sessions';
import { Coupon, PromotionCode } from '../db/models';
import type { Database } from '../db/sequelize';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import { promotionCodeLimitErrors, type CouponInput, type PromotionCodeInput } from '../../shared/coupon';
import { audit } from './audit';
import { couponFields } from '../stripe/handlers/coupon';

interface Deps {
  db: Database;
  stripe: Stripe;
}

const now = () => Math.floor(Date.now() / 1000);

async function findCoupon(id: number): Promise<Coupon> {
  const coupon = await Coupon.findByPk(id);
  if (!coupon) throw new NotFoundError(`No coupon with id ${id}`);
  return coupon;
}

function record<T>(db: Database, actor: SessionUser, action: string, entityType: string, work: (t: Transaction) => Promise<T & { id: number }>): Promise<T> {
  return db.write(async (transaction) => {
    const row = await work(transaction);
    await audit(actor, { action, entityType, entityId: row.id }, transaction);
    return row;
  });
}

export async function createCoupon({ db, stripe }: Deps, input: CouponInput, actor: SessionUser): Promise<Coupon> {
  const coupon = await stripe.coupons.create({
    name: input.name,
    duration: input.duration,
    ...(input.percentOff != null ? { percent_off: input.percentOff } : { amount_off: input.amountOff!, currency: input.currency! }),
    ...(input.durationInMonths ? { duration_in_months: input.durationInMonths } : {}),
    ...(input.maxRedemptions ? { max_redemptions: input.maxRedemptions } : {}),
    ...(input.redeemBy ? { redeem_by: Math.floor(new Date(input.redeemBy).getTime() / 1000) } : {}),
  });
  return record(db, actor, 'coupon.create', 'coupon', async (transaction) => {
    // The coupon.created webhook may have stored it first (the apply thread races this request): take that row over.
    const fields = couponFields(coupon, now());
    const stored = await Coupon.findOne({ where: { stripeCouponId: coupon.id }, transaction });
    return stored ? stored.update(fields, { transaction }) : Coupon.create(fields, { transaction });
  });
}

export async function renameCoupon({ db, stripe }: Deps, id: number, name: string, actor: SessionUser): Promise<Coupon> {
  const local = await findCoupon(id);
  const coupon = await stripe.coupons.update(local.stripeCouponId, { name });
  return record(db, actor, 'coupon.update', 'coupon', (transaction) => local.update(couponFields(coupon, now()), { transaction }));
}

/** Stripe deletes the coupon; discounts already applied keep running. Locally it is kept, marked invalid. */
export async function deleteCoupon({ db, stripe }: Deps, id: number, actor: SessionUser): Promise<Coupon> {
  const local = await findCoupon(id);
  if (local.valid) await stripe.coupons.del(local.stripeCouponId);
  return record(db, actor, 'coupon.delete', 'coupon', (transaction) => local.update({ valid: false, lastEventAt: now() }, { transaction }));
}

export async function createPromotionCode({ db, stripe }: Deps, input: PromotionCodeInput, actor: SessionUser): Promise<PromotionCode> {
  const coupon = await findCoupon(input.couponId);
  if (!coupon.valid) throw new ConflictError('That coupon was deleted');
  // Stripe would refuse these with a 400 of its own; the form gets them per field instead.
  const limits = promotionCodeLimitErrors(input, coupon);
  const [field, message] = Object.entries(limits)[0] ?? [];
  if (field) throw new BadRequestError(`Invalid request body: ${field} ${message}`, limits);
  if (await PromotionCode.findOne({ where: { code: input.code, active: true } })) {
    throw new BadRequestError(`The code ${input.code} is already in use`, { code: 'is already in use' });
  }
  const promotion = await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.stripeCouponId },
    code: input.code,
    ...(input.maxRedemptions ? { max_redemptions: input.maxRedemptions } : {}),
    ...(input.expiresAt ? { expires_at: Math.floor(new Date(input.expiresAt).getTime() / 1000) } : {}),
  });
  const fields = {
    couponId: coupon.id,
    stripePromotionCodeId: promotion.id,
    code: promotion.code,
    active: promotion.active,
    maxRedemptions: promotion.max_redemptions,
    expiresAt: promotion.expires_at ? new Date(promotion.expires_at * 1000) : null,
    lastEventAt: now(),
  };
  return record(db, actor, 'promotion_code.create', 'promotion_code', async (transaction) => {
    // As for coupons: the promotion_code.created webhook may have stored it first.
    const stored = await PromotionCode.findOne({ where: { stripePromotionCodeId: promotion.id }, transaction });
    return stored ? stored.update(fields, { transaction }) : PromotionCode.create(fields, { transaction });
  });
}

export async function setPromotionCodeActive({ db, stripe }: Deps, id: number, active: boolean, actor: SessionUser): Promise<PromotionCode> {
  const local = await PromotionCode.findByPk(id);
  if (!local) throw new NotFoundError(`No promotion code with id ${id}`);
  await stripe.promotionCodes.update(local.stripePromotionCodeId, { active });
  return record(db, actor, active ? 'promotion_code.activate' : 'promotion_code.deactivate', 'promotion_code', (transaction) =>
    local.update({ active, lastEventAt: now() }, { transaction }),
  );
}
