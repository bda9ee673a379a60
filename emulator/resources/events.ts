import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { readRoutes } from '../http/read-routes';

/** Stripe keeps events listable for 30 days. */
const RETENTION_SECONDS = 30 * 24 * 3600;

export function eventRoutes(rt: Runtime) {
  return readRoutes<Stripe.Event>(rt, {
    collection: (r) => r.store.events,
    kind: 'event',
    url: '/v1/events',
    filters: (p) => {
      const type = p.string('type');
      const types = p.stringArray('types');
      p.boolean('delivery_success');
      const oldest = rt.clock.now() - RETENTION_SECONDS;
      return [
        (e) => e.created >= oldest,
        // `type` takes a trailing `*` wildcard (`invoice.*`), as Stripe's does.
        (e) => type === undefined || (type.endsWith('*') ? e.type.startsWith(type.slice(0, -1)) : e.type === type),
        (e) => types === undefined || types.includes(e.type),
      ];
    },
  });
}
