import { describe, expect, it } from 'vitest';
import { describeProgress } from '../../scripts/syncProgressBar';

const options = { autopaddingChar: '0' };

describe('npm run sync’s progress line', () => {
  it('shows objects done of the estimate, the rate, the time left and the requests', () => {
    const line = describeProgress({ stage: 'subscriptions', done: 300, estimate: 1000, requests: 4, rateLimited: 1 }, 10_000, '====', options);
    expect(line).toMatch(/^subscriptions\s+\[====\] 300\/~1000 objects \| 30 objects\/s \| ETA 24s \| 4 requests, 1 rate-limited$/);
  });

  it('shows what is done and the rate when there is nothing to estimate from (a first sync)', () => {
    // Stripe's lists carry no total; an empty mirror gives no estimate either.
    const line = describeProgress({ stage: 'customers', done: 250, estimate: null, requests: 3, rateLimited: 0 }, 2_000, '', options);
    expect(line).toMatch(/^customers\s+250 objects \| 125 objects\/s \| 3 requests$/);
  });

  it('never shows fewer objects in total than are done', () => {
    const line = describeProgress({ stage: 'invoices', done: 120, estimate: 100, requests: 2, rateLimited: 0 }, 1_000, '', options);
    expect(line).toContain('120/~120 objects');
  });
});
