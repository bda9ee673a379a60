import { applyCoupon, cancelSubscription, changePlan, extendSubscription, previewPlanChange, resumeSubscription } from '../billing/subscriptions';
import type { AppDeps } from '../deps';
import { idParam, jsonBody, noBody, parseOrThrow } from '../http/validate';
import { upcomingCharge } from '../billing/upcoming';
import { cancelSchema, changePlanSchema, extendSchema, previewQuerySchema } from '../../shared/actions';
import { applyCouponSchema } from '../../shared/coupon';
import { pauseSubscription, unpauseSubscription } from '../billing/pause';
import { pauseSchema } from '../../shared/pause';
import { present, readOnlyResource } from './readOnlyResource';
import { previewItems, updateItems } from '../billing/itemChanges';
import { cancelPendingChange } from '../billing/scheduledChange';
import { itemsPreviewSchema, itemsUpdateSchema } from '../../shared/itemChange';

export function subscriptionRoutes({ stripe, db, log }: AppDeps) {
  const ctx = { stripe, db, log };
  return (
    readOnlyResource('subscriptions')
      .get('/:id/upcoming', async (c) => c.json(await upcomingCharge(ctx, idParam(c))))
      .get('/:id/preview', async (c) => {
        const { plan, prorationDate } = parseOrThrow(previewQuerySchema, c.req.query(), 'preview query');
        return c.json(await previewPlanChange(ctx, idParam(c), plan, prorationDate));
      })
      // Several items (DESIGN §3.1): the base plan, add-ons and seats, now or at the period's end.
      .post('/:id/preview', async (c) => c.json(await previewItems(ctx, idParam(c), await jsonBody(c, itemsPreviewSchema))))
      .post('/:id/update', async (c) => c.json(present(await updateItems(ctx, idParam(c), await jsonBody(c, itemsUpdateSchema), c.get('user')))))
      .delete('/:id/pending-change', async (c) => {
        await noBody(c);
        return c.json(present(await cancelPendingChange(ctx, idParam(c), c.get('user'))));
      })
      .post('/:id/change-plan', async (c) => {
        const { planId, prorationDate, confirmIntervalChange } = await jsonBody(c, changePlanSchema);
        return c.json(present(await changePlan(ctx, idParam(c), planId, prorationDate, c.get('user'), { intervalChange: confirmIntervalChange })));
      })
      .post('/:id/cancel', async (c) => {
        const { atPeriodEnd, reason, comment } = await jsonBody(c, cancelSchema);
        return c.json(present(await cancelSubscription(ctx, idParam(c), atPeriodEnd, c.get('user'), { reason, comment })));
      })
      .post('/:id/pause', async (c) => {
        const request = await jsonBody(c, pauseSchema);
        return c.json(present(await pauseSubscription(ctx, idParam(c), request, c.get('user'))));
      })
      .post('/:id/unpause', async (c) => {
        await noBody(c);
        return c.json(present(await unpauseSubscription(ctx, idParam(c), c.get('user'))));
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
      })
  );
}
