import type { Transaction } from 'sequelize';

export function toDate(unixSeconds: number | null | undefined): Date | null {
  return unixSeconds ? new Date(unixSeconds * 1000) : null;
}

/** Stripe fields are either an id or the expanded object. */
export function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

/**
 * Whether an event may overwrite a row: never when it is older than what was applied, and on a
 * same-second tie only when its status ranks at least as far along (a paid invoice never goes
 * back to open because invoice.finalized and invoice.paid share a second).
 */
export function isNewer(eventCreated: number, rowLastEventAt: number, newRank = 0, oldRank = 0): boolean {
  if (eventCreated !== rowLastEventAt) return eventCreated > rowLastEventAt;
  return newRank >= oldRank;
}

/** Objects fetched from Stripe now are at least as new as any event already sent. */
export function fetchedAt(): number {
  return Math.floor(Date.now() / 1000);
}

export interface Tx {
  transaction: Transaction;
}
