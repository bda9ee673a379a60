import { describe, expect, it } from 'vitest';
import { accessFor, DEFAULT_ACCESS_POLICY } from '../../shared/access';

const now = new Date('2026-06-15T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const sub = (status: string, periodStartDaysAgo = 0) => ({ status, currentPeriodStart: daysAgo(periodStartDaysAgo), createdAt: daysAgo(40) });

describe('the access policy', () => {
  it('entitles active and trialing subscriptions', () => {
    expect(accessFor(sub('active'), DEFAULT_ACCESS_POLICY, now).entitled).toBe(true);
    expect(accessFor(sub('trialing'), DEFAULT_ACCESS_POLICY, now).entitled).toBe(true);
  });

  it('gives past_due its grace days from when the payment came due, then refuses', () => {
    const within = accessFor(sub('past_due', 3), DEFAULT_ACCESS_POLICY, now);
    expect(within).toMatchObject({ entitled: true, graceUntil: new Date(daysAgo(3).getTime() + 7 * 86_400_000).toISOString() });
    expect(accessFor(sub('past_due', 8), DEFAULT_ACCESS_POLICY, now).entitled).toBe(false);
    expect(accessFor(sub('past_due', 8), { ...DEFAULT_ACCESS_POLICY, pastDueGraceDays: 10 }, now).entitled).toBe(true);
  });

  it('refuses unpaid, canceled and missing subscriptions by default', () => {
    expect(accessFor(sub('unpaid', 1), DEFAULT_ACCESS_POLICY, now).entitled).toBe(false);
    expect(accessFor(sub('canceled'), DEFAULT_ACCESS_POLICY, now).entitled).toBe(false);
    expect(accessFor(null, DEFAULT_ACCESS_POLICY, now)).toMatchObject({ entitled: false, reason: 'no subscription' });
  });
});
