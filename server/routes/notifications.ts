import { Hono } from 'hono';
import { getNotification, listNotifications, resendNotification } from '../billing/notifications';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, noBody } from '../http/validate';
import { listRoute } from './listRoute';

/** /api/notifications: the outbox, read-only but for re-sending a message. */
export function notificationRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', listRoute('notifications', listNotifications))
    .get('/:id', async (c) => c.json(await getNotification(c.get('user'), idParam(c))))
    .post('/:id/resend', async (c) => {
      await noBody(c);
      return c.json(await resendNotification(db, c.get('user'), idParam(c)), 201);
    });
}
