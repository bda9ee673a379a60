import type Stripe from 'stripe';
import type { ScopedClock } from '../clock-scope';
import type { Store } from '../store';
import { newId } from '../ids';
import { snapshot } from '../snapshot';

export const API_VERSION = '2026-10-28.endive';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a caller states about an event; the bus adds identity, time and delivery bookkeeping. */
export type EventInput = DistributiveOmit<Stripe.Event, 'id' | 'object' | 'api_version' | 'created' | 'livemode' | 'pending_webhooks' | 'request'>;

/** The API request that caused an event; null ids for things a person did on a hosted page. */
export type EventOrigin = Stripe.Event.Request;
export const NO_REQUEST: EventOrigin = { id: null, idempotency_key: null };

export type EventListener = (event: Stripe.Event) => void;

/**
 * Records every event and fans it out to listeners (webhook delivery today; test clocks and
 * fault injection later) without the producers knowing who listens.
 */
export class EventBus {
  private readonly listeners: EventListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: ScopedClock,
    /** The account's default API version: each event keeps the one it was created in (GET /v1/events renders it so). */
    private readonly apiVersion: string = API_VERSION,
  ) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  publish(input: EventInput, origin: EventOrigin): Stripe.Event {
    const event: Stripe.Event = snapshot({
      ...input,
      id: newId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: this.clock.now(),
      livemode: false,
      pending_webhooks: 0,
      request: { ...origin },
    });
    this.store.events.insert(event);
    // Retention runs on the emulator's own clock: a test-clock event carries the test clock's
    // time in `created`, which may be long past, yet it was stored now.
    this.store.eventStoredAt.set(event.id, this.clock.wallNow());
    for (const listener of this.listeners) listener(event);
    return event;
  }
}
