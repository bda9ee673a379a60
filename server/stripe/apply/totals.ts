import { COLLECTED_PAYMENT_STATUSES } from '../../../shared/payments';
import { isRunning, PAYING_STATUSES, runRateTotals, type RecurringLine, type RunningDiscount } from '../../../shared/totals';
import type { Interval } from '../../../shared/money';
import { bulkUpdateById, chunks } from '../../db/bulk';
import { placeholders, type Sql } from '../../db/sql';

const DAY_MS = 86_400_000;

/** What each customer paid over the last 30 and 365 days, net of refunds, in one pass. */
// `status || ''`: left bare, SQLite's planner takes the (status, attempted_at) index of the payments
// list and scans every recent payment for a handful of customers (488 ms for 10 customers on
// 242,000 payments, measured by the backfill bench); as an expression it walks the customer index.
async function collected(sql: Sql, customerIds: number[]): Promise<Map<number, { last30: number; last365: number }>> {
  const rows = await sql.all<{ customerId: number; last30: number | string | null; last365: number | string | null }>(
    `SELECT customer_id AS "customerId",
       SUM(CASE WHEN attempted_at >= ? THEN amount - refunded_amount ELSE 0 END) AS "last30", SUM(amount - refunded_amount) AS "last365"
     FROM payments WHERE customer_id IN (${placeholders(customerIds.length)}) AND status || '' IN (${placeholders(COLLECTED_PAYMENT_STATUSES.length)}) AND attempted_at >= ?
     GROUP BY customer_id`,
    [new Date(Date.now() - 30 * DAY_MS), ...customerIds, ...COLLECTED_PAYMENT_STATUSES, new Date(Date.now() - 365 * DAY_MS)],
  );
  return new Map(rows.map((row) => [Number(row.customerId), { last30: Number(row.last30 ?? 0), last365: Number(row.last365 ?? 0) }]));
}

function collectedColumns(paid: Map<number, { last30: number; last365: number }>, id: number): { collected_30d: number; collected_365d: number } {
  return { collected_30d: paid.get(id)?.last30 ?? 0, collected_365d: paid.get(id)?.last365 ?? 0 };
}

interface PayingSubscription {
  customerId: number;
  stripeSubscriptionId: string;
  status: string;
  recurringAmount: number | string;
  interval: Interval;
  intervalCount: number;
}

/**
 * Recomputes run-rate and collected totals for the customers a batch touched, set-based, so
 * list pages read stored numbers instead of recomputing per view (DESIGN §6); for those whose
 * payments alone changed, only what they paid. (A batch of invoice payments changes no run-rate:
 * reading every subscription and discount of its customers again was a third of a sync's totals work.)
 */
export async function refreshCustomerTotals(sql: Sql, customerIds: Iterable<number>, paidOnly: Iterable<number> = []): Promise<void> {
  const touched = new Set(customerIds);
  await refreshRunRateAndCollected(sql, [...touched]);
  for (const ids of chunks(
    [...new Set(paidOnly)].filter((id) => !touched.has(id)),
    500,
  )) {
    const paid = await collected(sql, ids);
    await bulkUpdateById(
      sql,
      'customers',
      ids.map((id) => ({ id, ...collectedColumns(paid, id) })),
      ['collected_30d', 'collected_365d'],
    );
  }
}

async function refreshRunRateAndCollected(sql: Sql, customerIds: number[]): Promise<void> {
  for (const ids of chunks(customerIds, 300)) {
    // The `|| ''` keep SQLite (no statistics) on the customer index: on the bare columns it took the
    // pause_behavior index for IS NULL and read every unpaused subscription (4 ms a batch at 10,000).
    const subscriptions = await sql.all<PayingSubscription>(
      `SELECT customer_id AS "customerId", stripe_subscription_id AS "stripeSubscriptionId", status, recurring_amount AS "recurringAmount", "interval", interval_count AS "intervalCount"
       FROM subscriptions WHERE customer_id IN (${placeholders(ids.length)}) AND (status || '') IN (${placeholders(PAYING_STATUSES.length)})
         AND (pause_behavior || '') IS NULL`, // paused collection is no run-rate, as in Stripe's MRR
      [...ids, ...PAYING_STATUSES],
    );
    const discounts = await runningDiscounts(
      sql,
      subscriptions.map((s) => s.stripeSubscriptionId),
    );
    const paid = await collected(sql, ids);
    const linesOf = new Map<number, RecurringLine[]>();
    for (const s of subscriptions) {
      // One line per subscription, all its items together: an amount-off coupon comes off the invoice once, not per item.
      const line = {
        status: s.status,
        unitAmount: Number(s.recurringAmount),
        quantity: 1,
        interval: s.interval,
        intervalCount: s.intervalCount,
        discounts: discounts.get(s.stripeSubscriptionId),
      };
      const customerId = Number(s.customerId);
      linesOf.set(customerId, [...(linesOf.get(customerId) ?? []), line]);
    }
    const rows = ids.map((id) => {
      const { monthlyTotal, yearlyTotal } = runRateTotals(linesOf.get(id) ?? []);
      return {
        id,
        monthly_total: monthlyTotal,
        yearly_total: yearlyTotal,
        ...collectedColumns(paid, id),
      };
    });
    await bulkUpdateById(sql, 'customers', rows, ['monthly_total', 'yearly_total', 'collected_30d', 'collected_365d']);
  }
}

interface DiscountRow {
  stripeSubscriptionId: string;
  percentOff: number | null;
  amountOff: number | string | null;
  duration: string | null;
  endsAt: string | Date | null;
}

/** The discounts still running on each subscription, keyed by its Stripe id. */
async function runningDiscounts(sql: Sql, stripeSubscriptionIds: string[]): Promise<Map<string, RunningDiscount[]>> {
  const byId = new Map<string, RunningDiscount[]>();
  if (!stripeSubscriptionIds.length) return byId;
  const rows = await sql.all<DiscountRow>(
    `SELECT stripe_subscription_id AS "stripeSubscriptionId", percent_off AS "percentOff", amount_off AS "amountOff", duration, ends_at AS "endsAt"
     FROM discounts WHERE stripe_subscription_id IN (${placeholders(stripeSubscriptionIds.length)}) AND removed = ?`,
    [...stripeSubscriptionIds, false],
  );
  for (const row of rows.filter((d) => isRunning({ ...d, removed: false }))) {
    const discount = { percentOff: row.percentOff === null ? null : Number(row.percentOff), amountOff: row.amountOff === null ? null : Number(row.amountOff) };
    byId.set(row.stripeSubscriptionId, [...(byId.get(row.stripeSubscriptionId) ?? []), discount]);
  }
  return byId;
}
