import type Stripe from 'stripe';
import { Customer } from '../../db/models';
import { insertRows } from '../../db/bulk';
import { newestPerObject, supersedes, type Snapshot } from '../apply/snapshot';
import { placeholders, sqlOutside } from '../../db/sql';
import type { ApplyUnit, Prefetched } from '../apply/unit';
import { markCustomersDeleted } from './customerDeletion';
import type { ApplyContext, ObjectHandler } from './types';

type StripeCustomer = Stripe.Customer | Stripe.DeletedCustomer;

const MIRRORED = ['email', 'name', 'currency', 'lastEventAt'] as const;

/** Upserts customers by Stripe id; an older snapshot never overwrites a newer one. */
export async function mirrorCustomers(snapshots: Snapshot<Stripe.Customer>[], unit: ApplyUnit): Promise<void> {
  const newest = newestPerObject(snapshots, () => 0);
  if (!newest.size) return;
  const stripeIds = [...newest.keys()];
  const existing = await unit.sql.all<{ id: number; stripeId: string; lastEventAt: number }>(
    `SELECT id, stripe_customer_id AS "stripeId", last_event_at AS "lastEventAt" FROM customers WHERE stripe_customer_id IN (${placeholders(stripeIds.length)})`,
    stripeIds,
  );
  const byStripeId = new Map(existing.map((row) => [row.stripeId, row]));
  // Customers an older snapshot leaves alone keep their id; the rest come back from the upsert.
  for (const row of existing) unit.customerIds.set(row.stripeId, row.id);
  const rows = [];
  for (const [id, { object, created }] of newest) {
    const row = byStripeId.get(id);
    if (row && !supersedes(created, 0, Number(row.lastEventAt), 0)) continue;
    rows.push({ stripeCustomerId: id, email: object.email ?? '', name: object.name ?? null, currency: object.currency ?? null, lastEventAt: created });
  }
  const written = await insertRows(unit.sql, Customer, rows, { conflict: 'stripeCustomerId', update: MIRRORED, newerOnly: 'lastEventAt' });
  for (const [stripeId, id] of written) unit.customerIds.set(stripeId, id);
}

const mirroredFields = (c: { email?: string | null; name?: string | null; currency?: string | null }) =>
  JSON.stringify([c.email ?? '', c.name ?? null, c.currency ?? null]);

/**
 * Event timestamps are whole seconds, and a customer often changes twice in one (Checkout creates
 * it with the cardholder's name, the signup then gives it the typed one). Two such states cannot be
 * ordered from their events, so whenever a customer's newest snapshot ties with another state of
 * the same second (in the batch, or already mirrored) and says something else, Stripe is asked for
 * the customer as it is now, which then supersedes both.
 */
async function readTiedCustomers(snapshots: Snapshot<StripeCustomer>[], ctx: ApplyContext, into: Prefetched): Promise<void> {
  const live = snapshots.filter((s): s is Snapshot<Stripe.Customer> => s.eventId !== null && !s.object.deleted);
  if (!live.length) return;
  const newest = newestPerObject(live, () => 0);
  const tied = new Set<string>();
  for (const s of live) {
    const top = newest.get(s.object.id)!;
    if (s !== top && s.created === top.created && mirroredFields(s.object) !== mirroredFields(top.object)) tied.add(s.object.id);
  }
  const ids = [...newest.keys()];
  const stored = await sqlOutside(ctx.db).all<{ stripeId: string; lastEventAt: number; email: string; name: string | null; currency: string | null }>(
    `SELECT stripe_customer_id AS "stripeId", last_event_at AS "lastEventAt", email, name, currency FROM customers WHERE stripe_customer_id IN (${placeholders(ids.length)})`,
    ids,
  );
  for (const row of stored) {
    const top = newest.get(row.stripeId)!;
    if (Number(row.lastEventAt) === top.created && mirroredFields(row) !== mirroredFields(top.object)) tied.add(row.stripeId);
  }
  for (const id of tied) if (!into.customers.has(id)) into.customers.set(id, await ctx.stripe.customers.retrieve(id));
}

export const customerHandler: ObjectHandler<StripeCustomer> = {
  prefetch: readTiedCustomers,
  async apply(snapshots, unit) {
    // customer.deleted carries the customer as it was (Stripe.CustomerDeletedEvent): its details are
    // mirrored like any other; a read of a deleted customer answers only `{id, deleted: true}`.
    await mirrorCustomers(
      snapshots.filter((s): s is Snapshot<Stripe.Customer> => !s.object.deleted),
      unit,
    );
    // A customer deleted in Stripe keeps its local history, marked deleted: Recur never deletes what it mirrored.
    await markCustomersDeleted(
      snapshots.filter((s) => s.object.deleted || s.type === 'customer.deleted'),
      unit,
    );
  },
};
