import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { FaultState } from '../../emulator/faults/state';
import { control, sdkFor, startOpsEmulator } from '../helpers/ops';

// API faults that shape how a client must behave, beside the 500/429 basics in faults.test.ts.

let emulator: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  ({ emulator, stripe } = await startOpsEmulator());
});
afterEach(async () => {
  await control(emulator, 'POST', '/reset');
});
afterAll(async () => {
  await emulator.close();
});

const setFaults = (body: unknown) => control(emulator, 'PUT', '/faults', body);

describe('API faults for a client’s own back-off', () => {
  it('answers 429 as Stripe’s rate limiter does, without Stripe-Should-Retry, so the SDK leaves the back-off to its caller', async () => {
    // docs.stripe.com/rate-limits: a limited request gets 429 (naming the limit in Stripe-Rate-Limited-Reason).
    // stripe-node retries a 429 only when Stripe-Should-Retry says so (RequestSender._shouldRetry).
    await setFaults({ api: { rateLimitRate: 1, rateLimitShouldRetry: false } });
    const raw = await fetch(`${emulator.url}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_x' } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('stripe-should-retry')).toBeNull();
    expect(raw.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
    expect((await raw.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });

    await setFaults({ api: { rateLimitRate: 1, rateLimitShouldRetry: false } });
    const err = await sdkFor(emulator, 3)
      .customers.list()
      .catch((e: unknown) => e);
    if (!(err instanceof Stripe.errors.StripeRateLimitError)) throw err;
    expect((await control<{ rate_limits: number }>(emulator, 'GET', '/faults/injected')).body.rate_limits).toBe(1);

    // The default still asks for the retry, which the SDK then makes on its own.
    await setFaults({ api: { rateLimitRate: 1 } });
    await sdkFor(emulator, 2)
      .customers.list()
      .catch((e: unknown) => e);
    expect((await control<{ rate_limits: number }>(emulator, 'GET', '/faults/injected')).body.rate_limits).toBe(3);
  });

  it('holds requests for latencyMs before they run, within the path prefix', async () => {
    await setFaults({ api: { latencyMs: 600, pathPrefix: '/v1/customers' } });
    const started = Date.now();
    await stripe.customers.create({ email: 'slow@x.io' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    const other = Date.now();
    await stripe.products.create({ name: 'Quick' });
    expect(Date.now() - other).toBeLessThan(600);
  });
});

// docs.stripe.com/rate-limits: live mode allows 100 requests a second, a sandbox 25, and "API
// endpoints have a default limit of 25 requests per second", each named operation one endpoint
// (`GET /v1/payment_intents/{id}` for any id is one). Over a limit: 429 with
// Stripe-Rate-Limited-Reason `global-rate` or `endpoint-rate`.
describe('Stripe’s rate limits, when set', () => {
  it('refuses the requests over an endpoint’s limit with 429 endpoint-rate, and lets others through', async () => {
    await setFaults({ api: { requestsPerSecond: 100, endpointRequestsPerSecond: 3 } });
    const get = (path: string) => fetch(`${emulator.url}${path}`, { headers: { Authorization: 'Bearer sk_test_x' } });
    const burst = await Promise.all(Array.from({ length: 5 }, () => get('/v1/customers')));
    expect(burst.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429]);
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.headers.get('stripe-rate-limited-reason')).toBe('endpoint-rate');
    expect(refused.headers.get('stripe-should-retry')).toBeNull();
    expect((await refused.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
    // Another endpoint has its own count.
    expect((await get('/v1/products')).status).toBe(200);
    expect((await control<{ over_rate_limit: number }>(emulator, 'GET', '/faults/injected')).body.over_rate_limit).toBe(2);
  });

  it('counts every id of an operation as one endpoint, chosen ids too, and the list as another', async () => {
    // "Requests to GET /v1/payment_intents/{id} for different PaymentIntent IDs count toward the
    // same endpoint limit"; a coupon's id is the caller's to choose (docs.stripe.com/api/coupons/create).
    await setFaults({ api: { endpointRequestsPerSecond: 2 } });
    const get = (path: string) => fetch(`${emulator.url}${path}`, { headers: { Authorization: 'Bearer sk_test_x' } });
    const retrieves = [];
    for (const id of ['summer', 'winter', 'autumn']) retrieves.push(await get(`/v1/coupons/${id}`));
    expect(retrieves.map((r) => r.status)).toEqual([404, 404, 429]);
    expect(retrieves[2]!.headers.get('stripe-rate-limited-reason')).toBe('endpoint-rate');
    expect((await get('/v1/coupons')).status).toBe(200);
  });

  it('keeps the account’s limit over every endpoint, and lets a request through once its second is over', () => {
    const faults = new FaultState();
    faults.set({ ...faults.config, api: { ...faults.config.api, requestsPerSecond: 100, endpointRequestsPerSecond: 25 } });
    const t = 1_000_000;
    const outcomes = (endpoint: string, n: number, at: number) => Array.from({ length: n }, () => faults.overRateLimit(endpoint, at));
    expect(outcomes('GET /v1/customers/:id', 30, t).filter((r) => r === 'endpoint-rate')).toHaveLength(5);
    expect(outcomes('GET /v1/customers', 25, t).every((r) => r === null)).toBe(true);
    expect(outcomes('POST /v1/customers', 25, t).every((r) => r === null)).toBe(true);
    // 75 started: 25 more to a fourth endpoint fill the account's 100, the next is refused as global.
    const fourth = outcomes('GET /v1/invoices', 26, t + 10);
    expect(fourth.slice(0, 25).every((r) => r === null)).toBe(true);
    expect(fourth[25]).toBe('global-rate');
    // Refused requests were not counted: a second after the last accepted one, the window is empty.
    expect(faults.overRateLimit('GET /v1/invoices', t + 1011)).toBeNull();
    expect(faults.injected.over_rate_limit).toBe(6);
  });
});
