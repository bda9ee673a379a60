import { presentEvent, replayEvent } from '../billing/events';
import type { StripeEvent } from '../db/models';
import type { AppDeps } from '../deps';
import { readOnlyResource, resourceId } from './readOnlyResource';

/** The webhook inbox: every stored event, its status and error, and Replay. */
export function eventRoutes({ db, inbox }: AppDeps) {
  return readOnlyResource('events', (row) => presentEvent(row as StripeEvent)).post('/:id/replay', async (c) =>
    c.json(presentEvent(await replayEvent(db, inbox, String(resourceId(c, 'events')), c.get('user')))),
  );
}
