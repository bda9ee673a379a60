import { createCoupon, createPromotionCode, deleteCoupon, renameCoupon, setPromotionCodeActive } from '../billing/coupons';
import type { AppDeps } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { couponInputSchema, couponUpdateSchema, promotionCodeInputSchema, promotionCodeUpdateSchema } from '../../shared/coupon';
import { present, readOnlyResource } from './readOnlyResource';

/** Coupons, created in Stripe first; Stripe lets only the name change afterwards. */
export function couponRoutes({ db, stripe }: AppDeps) {
  const deps = { db, stripe };
  return readOnlyResource('coupons')
    .post('/', async (c) => c.json(present(await createCoupon(deps, await jsonBody(c, couponInputSchema), c.get('user'))), 201))
    .put('/:id', async (c) => c.json(present(await renameCoupon(deps, idParam(c), (await jsonBody(c, couponUpdateSchema)).name, c.get('user')))))
    .delete('/:id', async (c) => c.json(present(await deleteCoupon(deps, idParam(c), c.get('user')))));
}

/** Promotion codes: the codes customers type at Checkout for a coupon. */
export function promotionCodeRoutes({ db, stripe }: AppDeps) {
  const deps = { db, stripe };
  return readOnlyResource('promotion-codes')
    .post('/', async (c) => c.json(present(await createPromotionCode(deps, await jsonBody(c, promotionCodeInputSchema), c.get('user'))), 201))
    .put('/:id', async (c) =>
      c.json(present(await setPromotionCodeActive(deps, idParam(c), (await jsonBody(c, promotionCodeUpdateSchema)).active, c.get('user')))),
    );
}
