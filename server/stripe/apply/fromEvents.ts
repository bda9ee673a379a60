import type Stripe from 'stripe';
import { eventProblem } from '../eventShape';
import { handlersByObjectType, type ApplyContext } from '../handlers';
import { otherVersionsOf } from './apiVersions';
import { fromReread, needsReread, rereadObjects } from './reread';
import { fromEvent } from './snapshot';
import type { SnapshotsByType } from './unit';

/** A stored event waiting to be applied: the columns of stripe_events applying needs. */
export interface PendingEvent {
  id: string;
  type: string;
  payload: string;
  attempts: number;
}

/** What a batch of stored events becomes, before anything is written. */
export interface SortedEvents {
  byType: SnapshotsByType;
  applied: string[];
  /** object types Recur does not mirror, and previews in another API version (no id to re-read) */
  ignored: string[];
  /** events with an impossible field (eventShape.ts): failed for good with the reason, never applied */
  quarantined: { id: string; error: string }[];
  /** API versions other than the pinned one → the last event in each */
  otherVersions: Map<string, string>;
}

const objectTypeOf = (event: Stripe.Event) => (event.data.object as { object?: string }).object ?? '';
const hasId = (event: Stripe.Event) => typeof (event.data.object as { id?: unknown }).id === 'string';

/**
 * Turns stored events into snapshots, grouped by object type: an event in the pinned API version
 * is its own snapshot; one in another version is applied as the object re-read from Stripe
 * (reread.ts), so its fields are never read. The re-reads happen here, before any transaction.
 */
export async function snapshotsOf(rows: readonly PendingEvent[], ctx: ApplyContext): Promise<SortedEvents> {
  const sorted: SortedEvents = { byType: new Map(), applied: [], ignored: [], quarantined: [], otherVersions: new Map() };
  const now = Math.floor(Date.now() / 1000);
  const events: Stripe.Event[] = [];
  for (const row of rows) {
    const event = JSON.parse(row.payload) as Stripe.Event;
    const problem = eventProblem(event, now);
    if (problem) sorted.quarantined.push({ id: row.id, error: `Quarantined, not applied: ${problem}` });
    else events.push(event);
  }
  sorted.otherVersions = otherVersionsOf(events);
  const toApply = events.filter((event) => {
    const applies = handlersByObjectType.has(objectTypeOf(event)) && (hasId(event) || !needsReread(event));
    if (!applies) sorted.ignored.push(event.id);
    return applies;
  });
  const stale = toApply.filter(needsReread);
  const current = stale.length ? await rereadObjects(stale, ctx.stripe) : new Map<string, unknown>();
  for (const event of toApply) {
    const snapshot = needsReread(event) ? fromReread<unknown>(event, current) : fromEvent<unknown>(event);
    const type = objectTypeOf(event);
    const snapshots = sorted.byType.get(type);
    if (snapshots) snapshots.push(snapshot);
    else sorted.byType.set(type, [snapshot]);
    sorted.applied.push(event.id);
  }
  return sorted;
}
