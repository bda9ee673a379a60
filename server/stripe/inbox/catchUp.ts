import type Stripe from 'stripe';
import { StripeEvent } from '../../db/models';
import type { Inbox } from '.';

/** Events a few seconds older than the newest one stored are read again: same-second events. */
const OVERLAP_SECONDS = 60;
/** Stripe keeps events for 30 days; nothing older can be caught up. */
const STRIPE_RETENTION_SECONDS = 30 * 86_400;

/**
 * Deliveries that never arrived (an outage, a dropped request) are read back from GET /v1/events,
 * from just before the newest event Recur has stored. Events already stored are recognised by id.
 * Returns how many new events were recorded.
 */
export async function catchUpEvents(stripe: Stripe, inbox: Inbox): Promise<number> {
  const newest = await StripeEvent.max<number, StripeEvent>('stripeCreated');
  const now = Math.floor(Date.now() / 1000);
  // With nothing stored yet there is nothing missed: history is imported by a reconciliation (sync).
  if (!newest) return 0;
  const since = Math.max(Number(newest) - OVERLAP_SECONDS, now - STRIPE_RETENTION_SECONDS);
  const found: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ created: { gte: since }, limit: 100 })) found.push(event);
  let recorded = 0;
  // Oldest first, so the inbox applies them in the order they happened.
  for (const event of found.reverse()) if (!(await inbox.record(event))) recorded++;
  return recorded;
}

/** Runs catch-up now and then every intervalMs; returns a stop function. */
export function scheduleCatchUp(stripe: Stripe, inbox: Inbox, intervalMs: number, onError: (error: unknown) => void): () => void {
  const run = () => catchUpEvents(stripe, inbox).catch(onError);
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
