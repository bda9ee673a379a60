import { applySnapshots } from '../stripe/apply/batch';
import type { Snapshot } from '../stripe/apply/snapshot';
import { sqlIn, type Sql } from '../db/sql';
import type { ApplyContext } from '../stripe/handlers';

export type SyncedObject = 'customer' | 'subscription' | 'invoice';

/** Something a sync could not read or apply; the rest of the sync went on without it. */
export interface SyncError {
  object: SyncedObject;
  /** null: a whole list could not be read to its end */
  stripeId: string | null;
  message: string;
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/**
 * Applies one page of objects as Stripe has them now, in one transaction, with `finish` (the
 * sync's cursor) in the same transaction. If that fails, each object is applied alone so one that
 * cannot be applied (a parent Stripe will not give, a row the database refuses) holds up no other;
 * those are returned with their reason, and `finish` then runs in a transaction of its own.
 */
export async function applyIsolated(
  type: SyncedObject,
  snapshotsById: Map<string, Snapshot<unknown>[]>,
  ctx: ApplyContext,
  finish?: (sql: Sql) => Promise<void>,
): Promise<SyncError[]> {
  if (!snapshotsById.size) return [];
  try {
    await applySnapshots(new Map([[type, [...snapshotsById.values()].flat()]]), ctx, finish);
    return [];
  } catch {
    // isolated below, object by object
  }
  const errors: SyncError[] = [];
  for (const [stripeId, snapshots] of snapshotsById) {
    try {
      await applySnapshots(new Map([[type, snapshots]]), ctx);
    } catch (error) {
      errors.push({ object: type, stripeId, message: messageOf(error) });
    }
  }
  if (finish) await ctx.db.write((transaction) => finish(sqlIn(ctx.db, transaction)));
  return errors;
}
