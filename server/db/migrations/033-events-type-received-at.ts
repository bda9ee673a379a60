import type { Migration } from './types';

/**
 * Issue 17: the events list filtered by type, in its default order (newest received first), paged
 * deep. No index ordered a type's events by time, so a deep page's anchors were walked by sorting
 * every event of the type (142,857 of a million: seconds under load, and every request for such a
 * page waited for the walk). `(type, received_at, id)` yields them in order.
 * Migration 029 kept stripe_events' indexes few for the webhook ingest; since deliveries are
 * staged in a file of their own, an index here is written when the apply thread moves them, not
 * before a delivery's 2xx.
 */
export const migration: Migration = {
  name: '033-events-type-received-at',
  up: (qi) => qi.addIndex('stripe_events', ['type', 'received_at', 'id'], { name: 'stripe_events_type_received_at_id' }),
  down: (qi) => qi.removeIndex('stripe_events', 'stripe_events_type_received_at_id'),
};
