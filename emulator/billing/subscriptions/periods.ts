export type Interval = 'day' | 'week' | 'month' | 'year';

export function isInterval(v: string): v is Interval {
  return v === 'day' || v === 'week' || v === 'month' || v === 'year';
}

/**
 * The end of a billing period that starts at `start` (unix seconds). Months are calendar months
 * in UTC, clamped to the month's last day (Jan 31 → Feb 28/29), as Stripe bills.
 */
export function addInterval(start: number, interval: Interval, count: number): number {
  const d = new Date(start * 1000);
  if (interval === 'day') return start + count * 86_400;
  if (interval === 'week') return start + count * 7 * 86_400;
  const months = interval === 'year' ? 12 * count : count;
  const targetMonth = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Math.floor(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}
