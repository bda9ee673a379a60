import { applyCoupon, cancelSubscription, changePlan, extendSubscription, previewPlanChange, resumeSubscription } from '../billing/subscriptions';
import type { AppDeps } from '../deps';
import { idParam, jsonBody, noBody, parseOrThrow } from '../http/validate';
import { upcomingCharge } from '../billing/upcoming';
import { cancelSchema, changePlanSchema, extendSchema, previewQuerySchema } from '../../shared/actions';
import { applyCouponSchema } from '../../shared/coupon';
import { present, readOnlyResource } from './readOnlyResource';

export function subscriptionRoutes({ stripe, db, log }: AppDeps) {
  const ctx = { stripe, db, log };
  return readOnlyResource('subscriptions')
    .get('/:id/upcoming', async (c) => c.json(await upcomingCharge(ctx, idParam(c))))
    .get('/:id/preview', async (c) => {
      const { plan, prorationDate } = parseOrThrow(previewQuerySchema, c.req.query(), 'preview query');
      return c.json(await previewPlanChange(ctx, idParam(c), plan, prorationDate));
    })
    .post('/:id/change-plan', async (c) => {
      const { planId, prorationDate, confirmIntervalChange } = await jsonBody(c, changePlanSchema);
      return c.json(present(await changePlan(ctx, idParam(c), planId, prorationDate, c.get('user'), { intervalChange: confirmIntervalChange })));
    })
    .post('/:id/cancel', async (c) => {
      const { atPeriodEnd } = await jsonBody(c, cancelSchema);
      return c.json(present(await cancelSubscription(ctx, idParam(c), atPeriodEnd, c.get('user'))));
    })
    .post('/:id/resume', async (c) => {
      await noBody(c);
      return c.json(present(await resumeSubscription(ctx, idParam(c), c.get('user'))));
    })
    .post('/:id/extend', async (c) => {
      const { days } = await jsonBody(c, extendSchema);
      return c.json(present(await extendSubscription(ctx, idParam(c), days, c.get('user'))));
    })
    .post('/:id/coupon', async (c) => {
      const { couponId } = await jsonBody(c, applyCouponSchema);
      return c.json(present(await applyCoupon(ctx, idParam(c), couponId, c.get('user'))));
    });
}
