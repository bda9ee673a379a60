import { Hono } from 'hono';
import type { EmulatorEnv } from './http/env';
import type { Runtime } from './runtime';
import type { WebhookDispatcher } from './webhooks/dispatcher';

/** Test and operator controls. They live outside /v1 so no Stripe client can reach them by accident. */
export function controlRoutes(rt: Runtime, dispatcher: WebhookDispatcher): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.get('/deliveries', (c) => {
    const eventId = c.req.query('event');
    const endpointId = c.req.query('endpoint');
    const data = rt.store.deliveries.filter(
      (d) => (!eventId || d.event_id === eventId) && (!endpointId || d.endpoint_id === endpointId),
    );
    return c.json({ object: 'list', data, pending: dispatcher.busy });
  });

  app.post('/reset', (c) => {
    dispatcher.reset();
    rt.store.reset();
    rt.log('state reset');
    return c.json({ reset: true });
  });

  app.get('/health', (c) => c.json({ ok: true, time: rt.clock.now() }));

  return app;
}
