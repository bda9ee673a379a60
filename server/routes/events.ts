import { presentEvent, replayEvent } from '../billing/events';
import type { StripeEvent } from '../db/models';
import type { AppDeps } from '../deps';
import { noBody } from '../http/validate';
import { readOnlyResource, resourceId } from './readOnlyResource';

/** The webhook inbox: every stored event, its status and error, and Replay. */
export function eventRoutes({ db, inbox }: AppDeps) {
  // Every delivery already acknowledged to Stripe is listed (as pending until applied), and can be replayed.
  return readOnlyResource('events', { presentOne: (row) => presentEvent(row as StripeEvent), beforeRead: () => inbox.readable() }).post(
    '/:id/replay',
    async (c) => {
      await noBody(c);
      return c.json(presentEvent(await replayEvent(db, inbox, String(resourceId(c, 'events')), c.get('user'))));
    },
  );
}
