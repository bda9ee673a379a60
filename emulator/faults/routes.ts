import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { WebhookDispatcher } from '../webhooks/dispatcher';
import type { FaultState } from './state';
import { FaultConfigError, parseFaultConfig } from './validate';

/** GET shows the faults in force, PUT replaces them (left-out fields: no fault), DELETE clears them. */
export function faultRoutes(faults: FaultState, dispatcher: WebhookDispatcher): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.get('/', (c) => c.json(faults.config));

  app.get('/injected', (c) => c.json(faults.injected));

  app.put('/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: { param: 'body', message: 'the body must be JSON' } }, 400);
    }
    try {
      faults.set(parseFaultConfig(body));
    } catch (err) {
      if (err instanceof FaultConfigError) return c.json({ error: { param: err.param, message: err.message } }, 400);
      throw err;
    }
    // A smaller (or no) shuffle window must not leave deliveries held under the old one.
    dispatcher.releaseHeld();
    return c.json(faults.config);
  });

  app.delete('/', (c) => {
    faults.clear();
    dispatcher.releaseHeld();
    return c.json(faults.config);
  });

  return app;
}
