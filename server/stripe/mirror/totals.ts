import type { Transaction } from 'sequelize';
import { Op } from 'sequelize';
import { Customer, Payment, Subscription } from '../../db/models';
import { PAYING_STATUSES, runRateTotals } from '../../../shared/totals';

const DAY_MS = 86_400_000;

/**
 * Keeps a customer's run-rate and collected totals current as events apply, so list pages read
 * stored numbers instead of recomputing per view (DESIGN §6).
 */
export async function refreshCustomerTotals(customerId: number, transaction: Transaction): Promise<void> {
  const subscriptions = await Subscription.findAll({
    where: { customerId, status: [...PAYING_STATUSES] },
    transaction,
  });
  const { monthlyTotal, yearlyTotal } = runRateTotals(subscriptions);
  const now = Date.now();
  const collectedSince = async (days: number) => {
    const [amount, refunded] = await Promise.all([
      Payment.sum('amount', { where: paidSince(customerId, now - days * DAY_MS), transaction }),
      Payment.sum('refundedAmount', { where: paidSince(customerId, now - days * DAY_MS), transaction }),
    ]);
    return Number(amount ?? 0) - Number(refunded ?? 0);
  };
  const collected30d = await collectedSince(30);
  const collected365d = await collectedSince(365);
  await Customer.update({ monthlyTotal, yearlyTotal, collected30d, collected365d }, { where: { id: customerId }, transaction });
}

function paidSince(customerId: number, sinceMs: number) {
  return {
    customerId,
    status: ['succeeded', 'refunded', 'partially_refunded'],
    attemptedAt: { [Op.gte]: new Date(sinceMs) },
  };
}
