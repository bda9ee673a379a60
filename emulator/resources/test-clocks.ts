import type Stripe from 'stripe';
import type { Runtime } from '../runtime';
import { readRoutes } from '../http/read-routes';
import { originOf, paramsOf } from '../http/env';
import { badRequest, noSuchResource } from '../http/errors';
import { sendObject } from '../http/respond';
import { newId } from '../ids';
import { runDue } from '../engine/run-due';
import { clockIdOf } from '../engine/due';

/** Stripe deletes a test clock, and everything on it, 30 days after it was made. */
const LIFETIME_SECONDS = 30 * 86_400;

function requireClock(rt: Runtime, id: string): Stripe.TestHelpers.TestClock {
  const clock = rt.store.testClocks.get(id);
  if (!clock) throw noSuchResource('test_clock', id);
  return clock;
}

/**
 * Moves a clock to `target`: everything due on it happens in time order, then the clock is
 * ready. It runs after the response, so callers see `advancing` first, as with Stripe.
 */
function advance(rt: Runtime, clock: Stripe.TestHelpers.TestClock, target: number): void {
  setImmediate(() => {
    try {
      runDue(rt, clock.id, target);
    } catch (err) {
      rt.log(`test clock ${clock.id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    const current = rt.store.testClocks.get(clock.id);
    if (!current) return;
    const ready: Stripe.TestHelpers.TestClock = { ...current, frozen_time: target, status: 'ready', status_details: {} };
    rt.store.testClocks.replace(ready);
    rt.time.at(target, () => rt.bus.publish({ type: 'test_helpers.test_clock.ready', data: { object: ready } }, { id: null, idempotency_key: null }));
  });
}

export function testClockRoutes(rt: Runtime) {
  const app = readRoutes<Stripe.TestHelpers.TestClock>(rt, {
    collection: (r) => r.store.testClocks,
    kind: 'test_clock',
    url: '/v1/test_helpers/test_clocks',
  });

  app.post('/', (c) => {
    const p = paramsOf(c);
    const frozen = p.integer('frozen_time');
    if (frozen === undefined) throw badRequest('Missing required param: frozen_time.', 'frozen_time');
    const name = p.string('name') ?? null;
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const created = rt.time.wallNow();
    const clock: Stripe.TestHelpers.TestClock = {
      id: newId('clock'),
      object: 'test_helpers.test_clock',
      created,
      deletes_after: created + LIFETIME_SECONDS,
      frozen_time: frozen,
      livemode: false,
      name,
      status: 'ready',
      status_details: {},
    };
    rt.store.testClocks.insert(clock);
    rt.time.at(frozen, () => rt.bus.publish({ type: 'test_helpers.test_clock.created', data: { object: clock } }, originOf(c)));
    return sendObject(c, rt.store, clock, expand);
  });

  app.post('/:id/advance', (c) => {
    const p = paramsOf(c);
    const clock = requireClock(rt, c.req.param('id'));
    const target = p.integer('frozen_time');
    if (target === undefined) throw badRequest('Missing required param: frozen_time.', 'frozen_time');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (clock.status === 'advancing') throw badRequest('The test clock is already advancing. Wait until it is ready.', 'frozen_time');
    if (target <= clock.frozen_time) {
      throw badRequest(`The frozen_time must be after the test clock's current frozen_time (${clock.frozen_time}).`, 'frozen_time');
    }
    const advancing: Stripe.TestHelpers.TestClock = { ...clock, status: 'advancing', status_details: { advancing: { target_frozen_time: target } } };
    rt.store.testClocks.replace(advancing);
    rt.time.at(clock.frozen_time, () => rt.bus.publish({ type: 'test_helpers.test_clock.advancing', data: { object: advancing } }, originOf(c)));
    advance(rt, advancing, target);
    return sendObject(c, rt.store, advancing, expand);
  });

  app.delete('/:id', (c) => {
    paramsOf(c).done();
    const clock = requireClock(rt, c.req.param('id'));
    // Deleting a clock deletes the customers (and so the subscriptions) that live on it.
    for (const customer of rt.store.customers.newestFirst((cu) => clockIdOf(cu) === clock.id)) {
      rt.store.customers.remove(customer.id);
      rt.store.deletedCustomers.add(customer.id);
    }
    for (const sub of rt.store.subscriptions.newestFirst((s) => clockIdOf(s) === clock.id)) {
      rt.store.subscriptions.replace({ ...sub, status: 'canceled', ended_at: clock.frozen_time, canceled_at: sub.canceled_at ?? clock.frozen_time });
    }
    rt.store.testClocks.remove(clock.id);
    rt.time.at(clock.frozen_time, () => rt.bus.publish({ type: 'test_helpers.test_clock.deleted', data: { object: clock } }, originOf(c)));
    const deleted: Stripe.TestHelpers.DeletedTestClock = { id: clock.id, object: 'test_helpers.test_clock', deleted: true };
    return c.json(deleted);
  });

  return app;
}
