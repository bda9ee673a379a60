import { Hono } from 'hono';
import { presentEvent, replayEvent } from '../billing/events';
import type { StripeEvent } from '../db/models';
import type { AppDeps, AppEnv } from '../deps';
import { noBody } from '../http/validate';
import { readOnlyResource, resourceId } from './readOnlyResource';

/** The webhook inbox: every stored event, its status and error, and Replay. */
export function eventRoutes({ db, inbox }: AppDeps) {
  const resource = readOnlyResource('events', (row) => presentEvent(row as StripeEvent)).post('/:id/replay', async (c) => {
    await noBody(c);
    return c.json(presentEvent(await replayEvent(db, inbox, String(resourceId(c, 'events')), c.get('user'))));
  });
  // Deliveries just acknowledged may still be staged (SQLite): listed as pending, not missing.
  return new Hono<AppEnv>()
    .use('*', async (_c, next) => {
      await inbox.unstage();
      await next();
    })
    .route('/', resource);
}
