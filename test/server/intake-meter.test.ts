import { describe, expect, it } from 'vitest';
import { createIntakeMeter } from '../../server/stripe/inbox/intakeMeter';
import { BURST_PER_SECOND } from '../../server/stripe/inbox';

// The inbox's burst signal: outgoing webhooks wait while Stripe deliveries pour in (issue 15:
// "deliveries never slow webhook intake"), and only then.

describe('the intake meter', () => {
  it('counts about the last second of deliveries, and forgets a burst a second after it ends', () => {
    const meter = createIntakeMeter();
    const start = 1_000_000;
    for (let i = 0; i < 100; i++) meter.note(start + i * 5); // 100 in half a second
    expect(meter.perSecond(start + 600)).toBe(100);
    expect(meter.perSecond(start + 600)).toBeGreaterThanOrEqual(BURST_PER_SECOND);
    // Half into the next window, half of the last one still counts.
    expect(meter.perSecond(start + 1500)).toBeCloseTo(50, 5);
    expect(meter.perSecond(start + 2100)).toBe(0);
  });

  it('calls a quiet shop, a few deliveries a second, no burst', () => {
    const meter = createIntakeMeter();
    const start = 5_000_000;
    for (let second = 0; second < 10; second++) for (let i = 0; i < 5; i++) meter.note(start + second * 1000 + i * 100);
    expect(meter.perSecond(start + 9_999)).toBeLessThan(BURST_PER_SECOND);
  });
});
