import { Hono } from 'hono';
import { databaseIsUp, webhookVersions } from '../billing/health';
import type { AppDeps } from '../deps';

export function healthRoutes({ db, stripeMode }: AppDeps) {
  return new Hono().get('/', async (c) =>
    (await databaseIsUp(db))
      ? c.json({ ok: true, db: 'ok', stripe: stripeMode, ...(await webhookVersions()) })
      : c.json({ ok: false, db: 'unavailable', stripe: stripeMode }, 503),
  );
}
