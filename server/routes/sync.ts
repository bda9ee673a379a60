import { Hono } from 'hono';
import { reconcileWithStripe } from '../billing/reconcile';
import { recordSync } from '../billing/syncAudit';
import { alertOnDrift } from '../billing/driftAlert';
import type { AppDeps, AppEnv } from '../deps';

/** POST /api/sync: reconcile with Stripe now and report the drift found. */
export function syncRoutes({ stripe, db, log, baseUrl }: AppDeps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const report = await reconcileWithStripe({ stripe, db, log });
    await recordSync(db, c.get('user'), report);
    await alertOnDrift(db, baseUrl, report);
    return c.json({ ...report, drift: report.drift.slice(0, 500) });
  });
}
