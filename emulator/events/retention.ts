import type Stripe from 'stripe';
import type { Runtime } from '../runtime';

/** Stripe keeps events for 30 days; older ones can be neither listed nor retrieved. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Drops events older than 30 days by the emulator's clock. Done lazily, whenever events are
 * read, so a clock that jumps forward expires them without a timer.
 */
export function pruneEvents(rt: Runtime): number {
  const oldest = rt.clock.now() - EVENT_RETENTION_SECONDS;
  return rt.store.events.removeWhere((e) => e.created < oldest);
}

export function findLiveEvent(rt: Runtime, id: string): Stripe.Event | undefined {
  pruneEvents(rt);
  return rt.store.events.get(id);
}
