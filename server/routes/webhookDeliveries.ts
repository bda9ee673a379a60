import { Hono } from 'hono';
import { getWebhookDelivery, listWebhookDeliveries, replayWebhookDelivery } from '../billing/webhookDeliveries';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, noBody } from '../http/validate';
import { listRoute } from './listRoute';

/** /api/webhook-deliveries: the delivery log (response codes, attempts) and Replay. */
export function webhookDeliveryRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', listRoute('webhook-deliveries', listWebhookDeliveries))
    .get('/:id', async (c) => c.json(await getWebhookDelivery(c.get('user'), idParam(c))))
    .post('/:id/replay', async (c) => {
      await noBody(c);
      return c.json(await replayWebhookDelivery(db, c.get('user'), idParam(c)));
    });
}
