import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { StripePace } from '../../server/stripe/pace/pace';
import { pageBatchesOf, pagesOf } from '../../server/stripe/pace/pages';
import { control, sdkFor, startOpsEmulator } from '../helpers/ops';

// docs.stripe.com/rate-limits: the basic rate limiter allows 100 requests per second in live mode
// and 25 in test mode, and "API endpoints have a default limit of 25 requests per second", each
// named operation an endpoint of its own, counted against the global limit too; a limited request is answered 429, and "a basic technique for integrations
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
    const all = Promise.all(Array.from({ length: 60 }, () => meter.run('customers.list', async () => startedAt.push(Date.now() - t0))));
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
    const all = Promise.all(Array.from({ length: 15 }, (_, i) => (i % 2 ? a : b).run('customers.list', async () => started++)));
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(10);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toBe(10);
    await vi.runAllTimersAsync();
    await all;
    expect(started).toBe(15);
    expect(a.requests + b.requests).toBe(15);
  });

  it('keeps each endpoint to 25 a second in live mode, and all of them together to 100', async () => {
    vi.useFakeTimers();
    const meter = new StripePace(100).meter();
    const started = new Map<string, number[]>();
    const t0 = Date.now();
    const endpoints = ['customers.list', 'subscriptions.list', 'invoices.list', 'customers.retrieve', 'events.list'];
    const all = Promise.all(
      endpoints.flatMap((endpoint) =>
        Array.from({ length: 40 }, () => meter.run(endpoint, async () => started.set(endpoint, [...(started.get(endpoint) ?? []), Date.now() - t0]))),
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    // Five endpoints could start 125; the account's 100 is the cap, and no endpoint passes its 25.
    const startedBy = () => [...started.values()].reduce((sum, times) => sum + times.length, 0);
    expect(startedBy()).toBe(100);
    for (const times of started.values()) expect(times.length).toBeLessThanOrEqual(25);
    await vi.runAllTimersAsync();
    await all;
    expect(meter.requests).toBe(200);
    const allTimes = [...started.values()].flat();
    const inWindow = (times: number[], t: number) => times.filter((u) => u >= t && u < t + 1000).length;
    for (const [endpoint, times] of started) {
      expect(times, endpoint).toHaveLength(40);
      expect(Math.max(...times.map((t) => inWindow(times, t))), endpoint).toBeLessThanOrEqual(25);
    }
    expect(Math.max(...allTimes.map((t) => inWindow(allTimes, t)))).toBeLessThanOrEqual(100);
  });

  it('counts a request until a second after its answer: Stripe counts it when it arrives, which may be late', async () => {
    vi.useFakeTimers();
    const meter = new StripePace(2).meter();
    const t0 = Date.now();
    const startedAt: number[] = [];
    const slow = (ms: number) => () => {
      startedAt.push(Date.now() - t0);
      return new Promise((resolve) => setTimeout(resolve, ms));
    };
    const all = Promise.all([meter.run('invoices.list', slow(500)), meter.run('invoices.list', slow(600)), meter.run('invoices.list', slow(0))]);
    await vi.advanceTimersByTimeAsync(1_499);
    // Counted from the starts alone, the third would have gone at 1000 ms; the first was answered at 500.
    expect(startedAt).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toEqual([0, 0, 1_500]);
    await vi.runAllTimersAsync();
    await all;
  });

  it('never lets an endpoint go faster than the whole budget, and takes a raised endpoint limit', () => {
    expect(new StripePace(10).perEndpoint).toBe(10);
    expect(new StripePace(100).perEndpoint).toBe(25);
    expect(new StripePace(100, undefined, 60).perEndpoint).toBe(60);
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
    const list = await meter.run('customers.list', () => stripe.customers.list({ limit: 3 }));
    expect(list.data).toHaveLength(3);
    expect(meter.rateLimited).toBeGreaterThan(0);
    expect(meter.rateLimited).toBe(await injected());
    expect(meter.requests).toBe(meter.rateLimited + 1);
  });

  it('gives the 429 to the caller once its retries are spent', async () => {
    await control(emulator, 'PUT', '/faults', { api: { rateLimitRate: 1, rateLimitShouldRetry: false } });
    const meter = new StripePace(25, { ...QUICK, retries: 3 }).meter();
    const error = await meter.run('customers.list', () => stripe.customers.list({ limit: 1 })).catch((e: unknown) => e);
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
    for await (const page of pagesOf(meter, 'customers.list', (after) => stripe.customers.list({ limit: 100, starting_after: after })))
      ids.push(...page.map((c) => c.id));
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
    expect(meter.rateLimited).toBe(1);
    expect(meter.requests).toBe(3);
  });
});

// docs.stripe.com/api/pagination: `starting_after` is the last id of the page before, and an id
// Stripe does not have is answered 404 resource_missing on that parameter.
describe('reading a list ahead of a slow caller', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  const listing = (after: string | undefined) => stripe.customers.list({ limit: 5, starting_after: after });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  beforeAll(async () => {
    ({ emulator } = await startOpsEmulator());
    stripe = sdkFor(emulator, 0);
    for (let i = 0; i < 45; i++) await stripe.customers.create({ email: `r${i}@ahead.test` });
  });
  afterAll(() => emulator.close());

  it('hands over every page that arrived meanwhile, at most maxPages, in list order, each object once', async () => {
    const plain: string[] = [];
    for await (const page of pagesOf(new StripePace(100).meter(), 'customers.list', listing)) plain.push(...page.map((c) => c.id));
    expect(plain).toHaveLength(45);

    const meter = new StripePace(100).meter();
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const batch of pageBatchesOf(meter, 'customers.list', listing, undefined, 3)) {
      sizes.push(batch.length);
      ids.push(...batch.flat().map((c) => c.id));
      await sleep(150); // a caller applying slower than the list is read
    }
    expect(ids).toEqual(plain);
    expect(Math.max(...sizes)).toBe(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(9);
    expect(meter.requests).toBe(9);
  });

  it('yields the pages read before a request failed, then throws its error', async () => {
    let asked = 0;
    // The third page is asked for after an object Stripe does not have.
    const failingThird = (after: string | undefined) => listing(++asked === 3 ? 'cus_not_there' : after);
    const ids: string[] = [];
    const error = await (async () => {
      for await (const batch of pageBatchesOf(new StripePace(100).meter(), 'customers.list', failingThird, undefined, 4))
        ids.push(...batch.flat().map((c) => c.id));
    })().catch((e: unknown) => e);
    expect(ids).toHaveLength(10);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeInvalidRequestError).param).toBe('starting_after');
  });

  it('stops asking once the caller stops taking pages', async () => {
    const meter = new StripePace(100).meter();
    for await (const batch of pageBatchesOf(meter, 'customers.list', listing, undefined, 2)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    await sleep(300);
    const after = meter.requests;
    await sleep(300);
    expect(meter.requests).toBe(after);
    // what it took, at most the pages it may hold ahead and the one in flight
    expect(after).toBeLessThanOrEqual(4);
  });
});
