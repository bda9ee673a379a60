import { Hono } from 'hono';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../billing/webhookEndpoints';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, jsonBody, noBody } from '../http/validate';
import { webhookEndpointCreateSchema, webhookEndpointUpdateSchema } from '../../shared/webhooks';
import { listRoute } from './listRoute';

/** /api/webhook-endpoints: where Recur's own events go; the secret is in the create and rotate answers only. */
export function webhookEndpointRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', listRoute('webhook-endpoints', listWebhookEndpoints))
    .get('/:id', async (c) => c.json(await getWebhookEndpoint(c.get('user'), idParam(c))))
    .post('/', async (c) => c.json(await createWebhookEndpoint(db, c.get('user'), await jsonBody(c, webhookEndpointCreateSchema)), 201))
    .put('/:id', async (c) => c.json(await updateWebhookEndpoint(db, c.get('user'), idParam(c), await jsonBody(c, webhookEndpointUpdateSchema))))
    .delete('/:id', async (c) => c.json(await deleteWebhookEndpoint(db, c.get('user'), idParam(c))))
    .post('/:id/rotate-secret', async (c) => {
      await noBody(c);
      return c.json(await rotateWebhookSecret(db, c.get('user'), idParam(c)));
    });
}
