import { Op, col, where as sqlWhere, type Transaction } from 'sequelize';
import { emitAppEvent } from '../appEvents/emit';
import { Customer, Subscription } from '../db/models';
import type { Entitlements } from '../../shared/features';
import { entitlementsFor } from './entitlements';
import { ENDED_STATUSES } from '../../shared/subscriptionStatus';

/** Statuses that never entitle again: their customers' answers cannot move with a plan's values. */

/**
 * The customers with a subscription that carries the plan, as base or add-on. Items are a JSON
 * column, always written by JSON.stringify (no spaces), so a LIKE narrows the rows in SQL on both
 * databases; `"planId":5` also matches 55, so each row is then checked exactly here.
 */
async function customersOnPlan(planId: number, transaction: Transaction): Promise<number[]> {
  const subscriptions = await Subscription.findAll({
    where: { status: { [Op.notIn]: ENDED_STATUSES }, [Op.or]: [{ planId }, sqlWhere(col('items'), { [Op.like]: `%"planId":${planId}%` })] },
    attributes: ['customerId', 'planId', 'items'],
    transaction,
  });
  const ids = subscriptions.filter((s) => s.planId === planId || s.items.some((i) => i.planId === planId)).map((s) => s.customerId);
  return [...new Set(ids)];
}

const same = (a: Entitlements, b: Entitlements) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Runs `change` (a write to a plan's feature values) and emits `entitlements.changed` for every
 * customer whose answer it altered, in the same transaction: the event exists exactly when the
 * change committed. A customer whose access the policy denies reads all false/0 before and after,
 * so they get no event; they get one when the policy lets them in (the webhooks side emits that).
 */
export async function withEntitlementEvents(planId: number, transaction: Transaction, change: () => Promise<boolean>): Promise<void> {
  const customerIds = await customersOnPlan(planId, transaction);
  const before = new Map<number, Entitlements>();
  for (const id of customerIds) before.set(id, await entitlementsFor(id, transaction));
  if (!(await change())) return;
  for (const id of customerIds) {
    const features = await entitlementsFor(id, transaction);
    if (same(before.get(id)!, features)) continue;
    const customer = await Customer.findByPk(id, { attributes: ['id', 'email', 'externalId'], transaction });
    if (!customer) continue;
    await emitAppEvent('entitlements.changed', { customerId: id, externalId: customer.externalId ?? null, email: customer.email, features }, transaction);
  }
}
