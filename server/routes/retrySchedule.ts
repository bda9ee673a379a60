import { Hono } from 'hono';
import { retrySchedule } from '../billing/retrySchedule';
import type { AppDeps, AppEnv } from '../deps';

/** GET /api/retry-schedule: shown read-only on the settings page. */
export function retryScheduleRoutes({ stripeMode }: AppDeps) {
  return new Hono<AppEnv>().get('/', (c) => c.json(retrySchedule(stripeMode)));
}
