import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import { readRoutes } from '../http/read-routes';
import { pruneEvents } from '../events/retention';
import { renderForVersion, storePaymentLookup } from '../events/versions';

export function eventRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  const payments = storePaymentLookup(rt.store);
  // Expired events are removed before every read, so list and retrieve agree on what exists.
  app.use('*', async (_c, next) => {
    pruneEvents(rt);
    await next();
  });
  app.route(
    '/',
    readRoutes<Stripe.Event>(rt, {
      collection: (r) => r.store.events,
      kind: 'event',
      url: '/v1/events',
      // "Each event data is rendered according to Stripe API version at its creation time, specified in
      // event object api_version attribute (not according to your current Stripe API version or
      // Stripe-Version header)" — stripe-node, EventResource.list.
      render: (e) => renderForVersion(e, e.api_version ?? rt.apiVersion, payments),
      filters: (p) => {
        const type = p.string('type');
        const types = p.stringArray('types');
        p.boolean('delivery_success');
        return [
          // `type` takes a trailing `*` wildcard (`invoice.*`), as Stripe's does.
          (e) => type === undefined || (type.endsWith('*') ? e.type.startsWith(type.slice(0, -1)) : e.type === type),
          (e) => types === undefined || types.includes(e.type),
        ];
      },
    }),
  );
  return app;
}
