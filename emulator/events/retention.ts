import type Stripe from 'stripe';
import type { Runtime } from '../runtime';

/** Stripe keeps events for 30 days; older ones can be neither listed nor retrieved. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Drops events stored more than 30 days ago by the emulator's base clock (not by `created`, which
 * is a test clock's time for its customers' events). Done lazily, whenever events are read, so a
 * clock that jumps forward expires them without a timer. Events from a data file written before
 * the stored time was kept fall back to `created`.
 */
export function pruneEvents(rt: Runtime): number {
  const oldest = rt.time.wallNow() - EVENT_RETENTION_SECONDS;
  const storedAt = rt.store.eventStoredAt;
  return rt.store.events.removeWhere((e) => {
    if ((storedAt.get(e.id) ?? e.created) >= oldest) return false;
    storedAt.delete(e.id);
    return true;
  });
}

export function findLiveEvent(rt: Runtime, id: string): Stripe.Event | undefined {
  pruneEvents(rt);
  return rt.store.events.get(id);
}
