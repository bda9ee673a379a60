import { Hono } from 'hono';
import { reconcileWithStripe } from '../billing/reconcile';
import { recordSync } from '../billing/syncAudit';
import { alertOnDrift } from '../billing/driftAlert';
import type { AppDeps, AppEnv } from '../deps';
import { noBody } from '../http/validate';

/** POST /api/sync: reconcile with Stripe now and report the drift found. */
export function syncRoutes({ stripe, stripePace, db, log, baseUrl }: AppDeps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    await noBody(c);
    const report = await reconcileWithStripe({ stripe, db, log }, { pace: stripePace });
    await recordSync(db, c.get('user'), report);
    await alertOnDrift(db, baseUrl, report);
    return c.json({ ...report, drift: report.drift.slice(0, 500) });
  });
}
