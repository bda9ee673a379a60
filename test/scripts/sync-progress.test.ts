import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeProgress, progressBar } from '../../scripts/syncProgressBar';
import type { SyncProgress } from '../../server/billing/reconcile';
import type { StageProgress } from '../../server/billing/syncProgress';

const options = { autopaddingChar: '0' };
const stage = (done: number, estimate: number | null, finished = false): StageProgress => ({ done, estimate, finished });
const idle = stage(0, null);

function progress(over: Partial<SyncProgress>): SyncProgress {
  return {
    stage: 'customers',
    done: 0,
    estimate: null,
    stages: { customers: idle, subscriptions: idle, invoices: idle, 'unlisted customers': idle },
    requests: 0,
    rateLimited: 0,
    resumed: 0,
    ...over,
  };
}

describe('npm run sync’s progress line', () => {
  it('shows each object type, the object and request rates against the budget, the time left and the requests', () => {
    const line = describeProgress(
      progress({
        stage: 'subscriptions',
        done: 1300,
        estimate: 2000,
        stages: { customers: stage(1000, 1000, true), subscriptions: stage(300, 1000), invoices: idle, 'unlisted customers': idle },
        requests: 14,
        rateLimited: 1,
      }),
      10_000,
      '====',
      options,
      25,
    );
    expect(line).toBe('[====] customers 1000 ✓, subscriptions 300/~1000, invoices … | 130 objects/s, 1.4/25 req/s | ETA 06s | 14 requests, 1 rate-limited');
  });

  it('shows what is done and the rates when there is nothing to estimate from (a first sync)', () => {
    // Stripe's lists carry no total; an empty mirror gives no estimate either.
    const line = describeProgress(
      progress({ done: 250, stages: { customers: stage(250, null), subscriptions: idle, invoices: idle, 'unlisted customers': idle }, requests: 3 }),
      2_000,
      '',
      options,
    );
    expect(line).toBe('customers 250, subscriptions …, invoices … | 125 objects/s, 1.5 req/s | 3 requests');
  });

  it('counts a sync shorter than a second as taking a second: its rates are never above what was done', () => {
    // A first start's empty account: 3 list requests in 40 ms, well within the pace of 25 a second.
    const line = describeProgress(
      progress({
        done: 0,
        stages: { customers: stage(0, null, true), subscriptions: stage(0, null, true), invoices: stage(0, null, true), 'unlisted customers': idle },
        requests: 3,
      }),
      40,
      '',
      options,
      25,
    );
    expect(line).toContain('0.0 objects/s, 3.0/25 req/s');
  });

  it('never shows fewer objects in total than are done, and counts a resumed sync’s earlier objects out of the rate', () => {
    const line = describeProgress(
      progress({
        stage: 'invoices',
        done: 120,
        estimate: 100,
        stages: { customers: stage(20, 20, true), subscriptions: stage(0, 0, true), invoices: stage(100, 80), 'unlisted customers': idle },
        requests: 2,
        resumed: 20,
      }),
      1_000,
      '',
      options,
    );
    expect(line).toContain('invoices 100/~100');
    expect(line).toContain('100 objects/s');
    expect(line).toMatch(/resumed after 20$/);
  });

  it('degrades to a plain line every few seconds when stderr is not a terminal', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: false });
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const bar = progressBar(stream, 25, 50);
    bar.update(progress({ done: 100, stages: { customers: stage(100, null), subscriptions: idle, invoices: idle, 'unlisted customers': idle }, requests: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 180));
    bar.stop();
    const [first, ...lines] = written.split('\n').filter(Boolean);
    expect(first).toBe('starting…'); // drawn at start, before the sync reported anything
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^customers 100, subscriptions …, invoices … \| [\d.]+ objects\/s, [\d.]+\/25 req\/s \| 1 requests$/);
    // No cursor movement or carriage returns: a log file gets whole lines.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the cursor movements this checks are absent
    expect(written).not.toMatch(/\r|\x1b\[/);
  });
});
