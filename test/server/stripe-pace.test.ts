import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { StripePace } from '../../server/stripe/pace/pace';
import { pagesOf } from '../../server/stripe/pace/pages';
import { control, sdkFor, startOpsEmulator } from '../helpers/ops';

// docs.stripe.com/rate-limits: the basic rate limiter allows 100 requests per second in live mode
// and 25 in test mode; a limited request is answered 429, and "a basic technique for integrations
// to gracefully handle limiting is to watch for 429 status codes and build in a retry mechanism"
// with exponential backoff. Stripe's limiter sends no Stripe-Should-Retry, and stripe-node retries
// a 429 only when that header says true (RequestSender._shouldRetry), so the retry is Recur's own.

const QUICK = { retries: 10, minMs: 5, maxMs: 50 };

describe('the request budget', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts at most perSecond requests in any one-second window, the rest waiting their turn', async () => {
    // Counted on fake timers: how many requests have started by each moment, not how long anything took.
    vi.useFakeTimers();
    const meter = new StripePace(25).meter();
    const startedAt: number[] = [];
    const t0 = Date.now();
    const all = Promise.all(Array.from({ length: 60 }, () => meter.run(async () => startedAt.push(Date.now() - t0))));
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt.length).toBe(25);
    await vi.advanceTimersByTimeAsync(999);
    expect(startedAt.length).toBe(25);
    await vi.runAllTimersAsync();
    await all;
    expect(startedAt.length).toBe(60);
    expect(meter.requests).toBe(60);
    const inWindowFrom = (t: number) => startedAt.filter((u) => u >= t && u < t + 1000).length;
    expect(Math.max(...startedAt.map(inWindowFrom))).toBe(25);
  });

  it('is shared: two runs on one pace together keep to it', async () => {
    vi.useFakeTimers();
    const pace = new StripePace(10);
    const [a, b] = [pace.meter(), pace.meter()];
    let started = 0;
    const all = Promise.all(Array.from({ length: 15 }, (_, i) => (i % 2 ? a : b).run(async () => started++)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(10);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toBe(10);
    await vi.runAllTimersAsync();
    await all;
    expect(started).toBe(15);
    expect(a.requests + b.requests).toBe(15);
  });
});

describe('against Stripe’s 429 without Stripe-Should-Retry', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  beforeAll(async () => {
    ({ emulator } = await startOpsEmulator());
    // As Recur's client: the SDK's own retries on, which a 429 without the header does not trigger.
    stripe = sdkFor(emulator, 2);
    for (let i = 0; i < 150; i++) await stripe.customers.create({ email: `c${i}@pace.test` });
  });
  afterEach(() => control(emulator, 'DELETE', '/faults'));
  afterAll(() => emulator.close());

  const injected = async () => (await control<{ rate_limits: number }>(emulator, 'GET', '/faults/injected')).body.rate_limits;

  it('backs off and sends the request again until it goes through', async () => {
    await control(emulator, 'PUT', '/faults', { seed: 11, api: { rateLimitRate: 0.6, rateLimitShouldRetry: false } });
    const meter = new StripePace(25, QUICK).meter();
    const list = await meter.run(() => stripe.customers.list({ limit: 3 }));
    expect(list.data).toHaveLength(3);
    expect(meter.rateLimited).toBeGreaterThan(0);
    expect(meter.rateLimited).toBe(await injected());
    expect(meter.requests).toBe(meter.rateLimited + 1);
  });

  it('gives the 429 to the caller once its retries are spent', async () => {
    await control(emulator, 'PUT', '/faults', { api: { rateLimitRate: 1, rateLimitShouldRetry: false } });
    const meter = new StripePace(25, { ...QUICK, retries: 3 }).meter();
    const error = await meter.run(() => stripe.customers.list({ limit: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(meter.requests).toBe(4);
    expect(await injected()).toBe(4);
  });

  it('resumes a list at the page it was reading: no page is read twice, none is missed', async () => {
    // docs.stripe.com/api/pagination: starting_after is the cursor, so a page asked for again after a 429 is the same page.
    // Seed 1's dice: the first page goes through, the second is answered 429 once, then goes through.
    await control(emulator, 'PUT', '/faults', { seed: 1, api: { rateLimitRate: 0.5, rateLimitShouldRetry: false, pathPrefix: '/v1/customers' } });
    const meter = new StripePace(25, QUICK).meter();
    const ids: string[] = [];
    for await (const page of pagesOf(meter, (after) => stripe.customers.list({ limit: 100, starting_after: after }))) ids.push(...page.map((c) => c.id));
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
    expect(meter.rateLimited).toBe(1);
    expect(meter.requests).toBe(3);
  });
});
