import { monthlyRate, type Interval } from './money';
import { PAYING_STATUSES } from './subscriptionStatus';

export { PAYING_STATUSES };

/** A coupon running on a subscription: a percentage or an amount off each invoice. */
export interface RunningDiscount {
  percentOff: number | null;
  amountOff: number | null;
}

export interface RecurringLine {
  status: string;
  unitAmount: number;
  quantity: number;
  interval: Interval;
  intervalCount: number;
  discounts?: readonly RunningDiscount[];
}

/** What one invoice of the line comes to after its discounts (percentages first, then amounts, never below zero). */
export function discountedAmount(line: RecurringLine): number {
  let amount = line.unitAmount * line.quantity;
  for (const d of line.discounts ?? []) if (d.percentOff) amount *= 1 - d.percentOff / 100;
  for (const d of line.discounts ?? []) if (d.amountOff) amount -= d.amountOff;
  return Math.max(0, amount);
}

/**
 * Only discounts that keep applying count towards run-rate: a 'once' coupon affects one invoice,
 * and a repeating one stops at its end.
 */
export function isRunning(discount: { duration: string | null; endsAt: Date | string | null; removed: boolean }, now = new Date()): boolean {
  if (discount.removed || discount.duration === 'once') return false;
  return !discount.endsAt || new Date(discount.endsAt) > now;
}

/** A customer's monthly and yearly run-rate in minor units, after discounts, rounded once at the end. */
export function runRateTotals(lines: readonly RecurringLine[]): { monthlyTotal: number; yearlyTotal: number } {
  let monthly = 0;
  for (const line of lines) {
    if (!(PAYING_STATUSES as readonly string[]).includes(line.status)) continue;
    monthly += monthlyRate(discountedAmount(line), line.interval, line.intervalCount);
  }
  return { monthlyTotal: Math.round(monthly), yearlyTotal: Math.round(monthly * 12) };
}
