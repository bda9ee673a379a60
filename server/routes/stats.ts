import { Hono } from 'hono';
import { failedAwaitingAction, mrrByMonth, paymentsByWeek, revenueByMonth, statsSummary, subscriptionsByPlan } from '../billing/stats';
import type { AppDeps, AppEnv } from '../deps';

/** GET /api/stats/*: the dashboard's series, read-only, so viewers see them too. */
export function statsRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/summary', async (c) => c.json(await statsSummary(db)))
    .get('/revenue', async (c) => c.json(await revenueByMonth(db)))
    .get('/mrr', async (c) => c.json(await mrrByMonth(db)))
    .get('/payments-weekly', async (c) => c.json(await paymentsByWeek(db)))
    .get('/subscriptions-by-plan', async (c) => c.json(await subscriptionsByPlan(db)))
    .get('/failed-payments', async (c) => c.json(await failedAwaitingAction(db)));
}
