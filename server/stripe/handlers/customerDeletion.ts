import { Customer } from '../../db/models';
import { insertRows } from '../../db/bulk';
import { toDate, type Snapshot } from '../apply/snapshot';
import { placeholders } from '../../db/sql';
import type { ApplyUnit } from '../apply/unit';
import { ENDED_STATUSES } from '../../../shared/subscriptionStatus';

/** Subscription statuses that have already ended: a deletion leaves them as they are. */

/**
 * Stripe "permanently deletes a customer. It cannot be undone. Also immediately cancels any active
 * subscriptions on the customer" (docs.stripe.com/api/customers/delete). Recur keeps the row and
 * its history, marked deleted for good whatever order events arrive in; its subscriptions end with
 * it even if their own customer.subscription.deleted is late or lost, so its run-rate totals drop
 * to zero; and invoices or payments about it that come later still find the row they belong to.
 */
export async function markCustomersDeleted(deletions: readonly Snapshot<{ id: string }>[], unit: ApplyUnit): Promise<void> {
  if (!deletions.length) return;
  const deletedAt = new Map<string, number>();
  for (const { object, created } of deletions) deletedAt.set(object.id, Math.min(deletedAt.get(object.id) ?? created, created));
  const stripeIds = [...deletedAt.keys()];
  // A customer Recur never mirrored is known only by Stripe's `{id, deleted: true}` stub: it gets a
  // row of its own, with lastEventAt 0 so any snapshot that carries its details (customer.deleted's
  // payload is the customer as it was) still fills them in.
  const stubs = stripeIds.map((id) => ({ stripeCustomerId: id, email: '', name: null, currency: null, lastEventAt: 0 }));
  await insertRows(unit.sql, Customer, stubs, { conflict: 'stripeCustomerId', update: [] });
  const rows = await unit.sql.all<{ id: number; stripeId: string; deletedAt: unknown }>(
    `SELECT id, stripe_customer_id AS "stripeId", deleted_at AS "deletedAt" FROM customers WHERE stripe_customer_id IN (${placeholders(stripeIds.length)})`,
    stripeIds,
  );
  // Deletions are rare: a statement or two per customer is cheap next to the batch around them.
  for (const row of rows) {
    const id = Number(row.id);
    unit.customerIds.set(row.stripeId, id);
    if (row.deletedAt !== null) continue;
    const at = deletedAt.get(row.stripeId)!;
    await unit.sql.run('UPDATE customers SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL', [toDate(at), new Date(), id]);
    await cancelSubscriptionsOf(id, at, unit);
    unit.touchedCustomers.add(id);
  }
}

/**
 * Ends the customer's subscriptions as of the deletion. last_event_at becomes the deletion's time,
 * so an older event cannot bring one back, while Stripe's own customer.subscription.deleted (same
 * second or later) still applies over it with Stripe's exact state.
 */
async function cancelSubscriptionsOf(customerId: number, at: number, unit: ApplyUnit): Promise<void> {
  const when = toDate(at);
  await unit.sql.run(
    `UPDATE subscriptions SET status = 'canceled', canceled_at = COALESCE(canceled_at, ?), last_event_at = ?, updated_at = ?
     WHERE customer_id = ? AND status NOT IN (${placeholders(ENDED_STATUSES.length)}) AND last_event_at <= ?`,
    [when, at, new Date(), customerId, ...ENDED_STATUSES, at],
  );
}
