import { monthlyRate, type Interval } from './money';

/** Statuses that count towards run-rate: paying ones, not trials (as in Stripe's own MRR). */
export const PAYING_STATUSES = ['active', 'past_due'] as const;

export interface RecurringLine {
  status: string;
  unitAmount: number;
  quantity: number;
  interval: Interval;
  intervalCount: number;
}

/** A customer's monthly and yearly run-rate in minor units, rounded once at the end. */
export function runRateTotals(lines: readonly RecurringLine[]): { monthlyTotal: number; yearlyTotal: number } {
  let monthly = 0;
  for (const line of lines) {
    if (!(PAYING_STATUSES as readonly string[]).includes(line.status)) continue;
    monthly += monthlyRate(line.unitAmount, line.interval, line.intervalCount, line.quantity);
  }
  return { monthlyTotal: Math.round(monthly), yearlyTotal: Math.round(monthly * 12) };
}
