import { fn, literal, Op, type Transaction } from 'sequelize';
import { Discount, Payment, Subscription } from '../../db/models';
import type { Database } from '../../db/sequelize';
import { isRunning, PAYING_STATUSES, runRateTotals, type RunningDiscount } from '../../../shared/totals';
import { bulkUpdateById, chunks } from './bulk';

const DAY_MS = 86_400_000;
const COLLECTED = ['succeeded', 'refunded', 'partially_refunded'];

async function collectedSince(customerIds: number[], days: number, transaction: Transaction): Promise<Map<number, number>> {
  const rows = await Payment.findAll({
    attributes: ['customerId', [fn('SUM', literal('amount - refunded_amount')), 'total']],
    where: { customerId: { [Op.in]: customerIds }, status: { [Op.in]: COLLECTED }, attemptedAt: { [Op.gte]: new Date(Date.now() - days * DAY_MS) } },
    group: ['customerId'],
    transaction,
  });
  return new Map(rows.map((row) => [row.customerId, Number(row.get('total'))]));
}

/**
 * Recomputes run-rate and collected totals for the customers a batch touched, set-based, so
 * list pages read stored numbers instead of recomputing per view (DESIGN §6).
 */
export async function refreshCustomerTotals(db: Database, customerIds: Iterable<number>, transaction: Transaction): Promise<void> {
  for (const ids of chunks([...new Set(customerIds)], 300)) {
    const subscriptions = await Subscription.findAll({
      where: { customerId: { [Op.in]: ids }, status: { [Op.in]: [...PAYING_STATUSES] } },
      attributes: ['customerId', 'stripeSubscriptionId', 'status', 'unitAmount', 'quantity', 'interval', 'intervalCount'],
      transaction,
    });
    const discounts = await runningDiscounts(subscriptions.map((s) => s.stripeSubscriptionId), transaction);
    const [last30, last365] = await Promise.all([collectedSince(ids, 30, transaction), collectedSince(ids, 365, transaction)]);
    const rows = ids.map((id) => {
      const lines = subscriptions.filter((s) => s.customerId === id).map((s) => ({ ...s.get(), discounts: discounts.get(s.stripeSubscriptionId) }));
      const { monthlyTotal, yearlyTotal } = runRateTotals(lines);
      return { id, monthly_total: monthlyTotal, yearly_total: yearlyTotal, collected_30d: last30.get(id) ?? 0, collected_365d: last365.get(id) ?? 0 };
    });
    await bulkUpdateById(db.sequelize, 'customers', rows, ['monthly_total', 'yearly_total', 'collected_30d', 'collected_365d'], transaction);
  }
}

/** The discounts still running on each subscription, keyed by its Stripe id. */
async function runningDiscounts(stripeSubscriptionIds: string[], transaction: Transaction): Promise<Map<string, RunningDiscount[]>> {
  const byId = new Map<string, RunningDiscount[]>();
  if (!stripeSubscriptionIds.length) return byId;
  const rows = await Discount.findAll({ where: { stripeSubscriptionId: { [Op.in]: stripeSubscriptionIds }, removed: false }, transaction });
  for (const row of rows.filter((d) => isRunning(d))) {
    byId.set(row.stripeSubscriptionId!, [...(byId.get(row.stripeSubscriptionId!) ?? []), { percentOff: row.percentOff, amountOff: row.amountOff }]);
  }
  return byId;
}
