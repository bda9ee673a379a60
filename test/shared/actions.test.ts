import { describe, expect, it } from 'vitest';
import { changePlanSchema, intervalChangeNotice, refundSchema } from '../../shared/actions';

describe('action bodies', () => {
  it('a refund is an amount or full: true, never implied', () => {
    expect(refundSchema.parse({ amount: 500 })).toEqual({ amount: 500 });
    expect(refundSchema.parse({ full: true })).toEqual({ full: true });
    for (const body of [{}, { amnt: 100 }, { full: false }, { amount: 1, full: true }, { amount: 0 }]) expect(refundSchema.safeParse(body).success).toBe(false);
  });

  it('an interval change is confirmed with true only', () => {
    expect(changePlanSchema.safeParse({ planId: 1, confirmIntervalChange: true }).success).toBe(true);
    expect(changePlanSchema.safeParse({ planId: 1, confirmIntervalChange: 'yes' }).success).toBe(false);
    expect(intervalChangeNotice({ from: { interval: 'month', intervalCount: 1 }, to: { interval: 'month', intervalCount: 3 } })).toBe(
      'Billing moves from every month to every 3 months: the billing date resets to the day of the change, and the new plan is charged now for its first 3 months (less the unused part of the current period).',
    );
  });
});
