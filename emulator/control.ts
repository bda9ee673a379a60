import { Hono } from 'hono';
import type { Context } from 'hono';
import type { EmulatorEnv } from './http/env';
import type { Runtime } from './runtime';
import type { WebhookDispatcher } from './webhooks/dispatcher';
import type { FaultState } from './faults/state';
import { faultRoutes } from './faults/routes';
import { findLiveEvent } from './events/retention';

const DEFAULT_WAIT_MS = 30_000;
const MAX_WAIT_MS = 600_000;

/** `?timeout_ms=` for the waiting routes; null when it is not a usable number. */
function waitLimit(c: Context<EmulatorEnv>): number | null {
  const raw = c.req.query('timeout_ms');
  if (raw === undefined) return DEFAULT_WAIT_MS;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n <= MAX_WAIT_MS ? n : null;
}

/** Waits for the delivery stream to go quiet: 200 `{idle:true}`, or 408 `{idle:false}` after the limit. */
async function awaitIdle(c: Context<EmulatorEnv>, dispatcher: WebhookDispatcher) {
  const limit = waitLimit(c);
  if (limit === null) {
    return c.json({ error: { param: 'timeout_ms', message: `timeout_ms must be an integer from 0 to ${MAX_WAIT_MS}` } }, 400);
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limit)));
  const idle = await Promise.race([dispatcher.whenIdle().then(() => true as const), timedOut]);
  clearTimeout(timer);
  return c.json({ idle }, idle ? 200 : 408);
}

/** Test and operator controls. They live outside /v1 so no Stripe client can reach them by accident. */
export function controlRoutes(rt: Runtime, dispatcher: WebhookDispatcher, faults: FaultState): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.get('/deliveries', (c) => {
    const eventId = c.req.query('event');
    const endpointId = c.req.query('endpoint');
    const data = rt.store.deliveries.filter((d) => (!eventId || d.event_id === eventId) && (!endpointId || d.endpoint_id === endpointId));
    return c.json({ object: 'list', data, pending: dispatcher.busy });
  });

  app.get('/deliveries/idle', (c) => awaitIdle(c, dispatcher));

  // Unlike /deliveries/idle, does not wait out the hold time of partly filled shuffle windows.
  app.post('/flush', (c) => {
    dispatcher.releaseHeld();
    return awaitIdle(c, dispatcher);
  });

  app.post('/events/:id/resend', (c) => {
    const event = findLiveEvent(rt, c.req.param('id'));
    if (!event) return c.json({ error: { param: 'id', message: `No such event: '${c.req.param('id')}'` } }, 404);
    return c.json({ event: event.id, endpoints: dispatcher.resend(event) });
  });

  app.route('/faults', faultRoutes(faults, dispatcher));

  app.post('/reset', (c) => {
    dispatcher.reset();
    faults.clear();
    rt.store.reset();
    rt.log('state reset');
    return c.json({ reset: true });
  });

  app.get('/health', (c) => c.json({ ok: true, time: rt.clock.now() }));

  return app;
}
