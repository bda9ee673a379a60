import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { Customer } from '../../db/models';
import { insertRows } from '../apply/bulk';
import { newestPerObject, supersedes, type Snapshot } from '../apply/snapshot';
import type { ApplyUnit } from '../apply/unit';
import type { ObjectHandler } from './types';

type StripeCustomer = Stripe.Customer | Stripe.DeletedCustomer;

const MIRRORED = ['email', 'name', 'currency', 'lastEventAt'] as const;

/** Upserts customers by Stripe id; an older snapshot never overwrites a newer one. */
export async function mirrorCustomers(snapshots: Snapshot<Stripe.Customer>[], unit: ApplyUnit): Promise<void> {
  const newest = newestPerObject(snapshots, () => 0);
  if (!newest.size) return;
  const { transaction } = unit;
  const existing = await Customer.findAll({
    where: { stripeCustomerId: { [Op.in]: [...newest.keys()] } },
    attributes: ['id', 'stripeCustomerId', 'lastEventAt'],
    transaction,
  });
  const byStripeId = new Map(existing.map((row) => [row.stripeCustomerId!, row]));
  const rows = [];
  for (const [id, { object, created }] of newest) {
    const row = byStripeId.get(id);
    if (row && !supersedes(created, 0, row.lastEventAt, 0)) continue;
    rows.push({ stripeCustomerId: id, email: object.email ?? '', name: object.name ?? null, currency: object.currency ?? null, lastEventAt: created });
  }
  if (rows.length) {
    await insertRows(Customer, rows, transaction, { conflict: 'stripeCustomerId', update: MIRRORED });
  }
  const ids = await Customer.findAll({ where: { stripeCustomerId: { [Op.in]: [...newest.keys()] } }, attributes: ['id', 'stripeCustomerId'], transaction, raw: true });
  for (const row of ids) unit.customerIds.set(row.stripeCustomerId!, row.id);
}

export const customerHandler: ObjectHandler<StripeCustomer> = {
  // A customer deleted in Stripe keeps its local history: Recur never deletes what it mirrored.
  apply: (snapshots, unit) =>
    mirrorCustomers(
      snapshots.filter((s): s is Snapshot<Stripe.Customer> => !s.object.deleted),
      unit,
    ),
};
