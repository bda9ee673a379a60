import type Stripe from 'stripe';

/**
 * One state of a Stripe object: from an event's payload, or fetched from Stripe when no payload
 * can decide. Mirrors keep the newest snapshot per object; fetched ones are the current truth.
 */
export interface Snapshot<T> {
  object: T;
  /** event.created, or the fetch time */
  created: number;
  /** the event type, or 'fetched' */
  type: string;
  eventId: string | null;
}

export type Rank<T> = (object: T) => number;

/**
 * What a batch saw before its transaction no longer holds inside it (another instance applied
 * its events, an admin's change was mirrored meanwhile): the worker reads the batch again.
 */
export class ReadAgain extends Error {}

/** Whether a snapshot may replace what a row holds: newer, or same second and at least as far along. */
export function supersedes(created: number, rank: number, rowCreated: number, rowRank: number): boolean {
  return created !== rowCreated ? created > rowCreated : rank >= rowRank;
}

/**
 * A snapshot's rank for same-second ties. One fetched from Stripe is the current truth and beats
 * any event of the same second, whatever the status order says (extending a subscription turns
 * it from active back to trialing).
 */
export function rankOf<T>(snapshot: Snapshot<T>, rank: Rank<T>): number {
  return snapshot.type === 'fetched' ? Number.MAX_SAFE_INTEGER : rank(snapshot.object);
}

/** The newest snapshot of each object, by created and then by rank (a paid invoice beats open). */
export function newestPerObject<T extends { id: string }>(snapshots: readonly Snapshot<T>[], rank: Rank<T>): Map<string, Snapshot<T>> {
  const newest = new Map<string, Snapshot<T>>();
  for (const snapshot of snapshots) {
    const current = newest.get(snapshot.object.id);
    if (!current || supersedes(snapshot.created, rankOf(snapshot, rank), current.created, rankOf(current, rank))) {
      newest.set(snapshot.object.id, snapshot);
    }
  }
  return newest;
}

export function fromEvent<T>(event: Stripe.Event): Snapshot<T> {
  return { object: event.data.object as T, created: event.created, type: event.type, eventId: event.id };
}

export function fetched<T>(object: T, at: number): Snapshot<T> {
  return { object, created: at, type: 'fetched', eventId: null };
}

export function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

export function toDate(unixSeconds: number | null | undefined): Date | null {
  return unixSeconds ? new Date(unixSeconds * 1000) : null;
}
