import { applySnapshots, type ApplyHooks } from '../stripe/apply/batch';
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
 * Applies one page of objects as Stripe has them now, in one transaction, with the hooks (the
 * state before, the state after and the sync's cursor) in the same transaction. If that fails,
 * each object is applied alone so one that cannot be applied (a parent Stripe will not give, a row
 * the database refuses) holds up no other; those are returned with their reason, and `begin` and
 * `finish` then run in transactions of their own, before and after.
 */
export async function applyIsolated(
  type: SyncedObject,
  snapshotsById: Map<string, Snapshot<unknown>[]>,
  ctx: ApplyContext,
  hooks: ApplyHooks = {},
): Promise<SyncError[]> {
  if (!snapshotsById.size) return [];
  try {
    await applySnapshots(new Map([[type, [...snapshotsById.values()].flat()]]), ctx, hooks);
    return [];
  } catch {
    // isolated below, object by object; the failed transaction wrote nothing
  }
  const alone = (hook: ((sql: Sql) => Promise<void>) | undefined) => hook && ctx.db.write((transaction) => hook(sqlIn(ctx.db, transaction)));
  await alone(hooks.begin);
  const errors: SyncError[] = [];
  for (const [stripeId, snapshots] of snapshotsById) {
    try {
      await applySnapshots(new Map([[type, snapshots]]), ctx, { mirrored: hooks.mirrored });
    } catch (error) {
      errors.push({ object: type, stripeId, message: messageOf(error) });
    }
  }
  await alone(hooks.finish);
  return errors;
}
