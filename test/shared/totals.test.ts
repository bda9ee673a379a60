import { describe, expect, it } from 'vitest';
import { formatMoney, formatPrice, monthlyRate } from '../../shared/money';
import { runRateTotals, type RecurringLine } from '../../shared/totals';

const line = (over: Partial<RecurringLine>): RecurringLine => ({
  status: 'active',
  unitAmount: 1000,
  quantity: 1,
  interval: 'month',
  intervalCount: 1,
  ...over,
});

describe('run-rate totals (DESIGN §6)', () => {
  it('normalises every interval to a month', () => {
    expect(monthlyRate(1200, 'year')).toBe(100);
    expect(monthlyRate(100, 'day')).toBeCloseTo((100 * 365) / 12);
    expect(monthlyRate(100, 'week')).toBeCloseTo((100 * 52) / 12);
    expect(monthlyRate(3000, 'month', 3)).toBe(1000);
    expect(monthlyRate(500, 'month', 1, 3)).toBe(1500);
  });

  it('counts active and past_due subscriptions, not trials or canceled ones', () => {
    const totals = runRateTotals([
      line({ unitAmount: 1900 }),
      line({ status: 'past_due', unitAmount: 12000, interval: 'year' }),
      line({ status: 'trialing', unitAmount: 4900 }),
      line({ status: 'canceled', unitAmount: 900 }),
    ]);
    expect(totals).toEqual({ monthlyTotal: 2900, yearlyTotal: 34800 });
  });

  it('rounds once, at the end', () => {
    // three daily plans of 1 cent: 3 × 365/12 = 91.25 → 91, not 3 × round(30.42) = 90
    const totals = runRateTotals([
      line({ unitAmount: 1, interval: 'day' }),
      line({ unitAmount: 1, interval: 'day' }),
      line({ unitAmount: 1, interval: 'day' }),
    ]);
    expect(totals.monthlyTotal).toBe(91);
    expect(totals.yearlyTotal).toBe(1095);
  });
});

describe('money formatting', () => {
  it('uses Stripe minor units per currency', () => {
    expect(formatMoney(1900, 'usd')).toBe('$19.00');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1234, 'kwd')).toMatch(/^KWD\s1\.234$/);
    expect(formatPrice(3000, 'eur', 'month', 3)).toBe('€30.00 every 3 months');
  });
});
