import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
import { endpointOf, FaultState } from '../../emulator/faults/state';
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

  it('counts every id of an operation as one endpoint, and the account’s limit over all of them', () => {
    const faults = new FaultState();
    faults.set({ ...faults.config, api: { ...faults.config.api, requestsPerSecond: 100, endpointRequestsPerSecond: 25 } });
    const t = 1_000_000;
    const outcomes = (method: string, path: (i: number) => string, n: number, at: number) =>
      Array.from({ length: n }, (_, i) => faults.overRateLimit(method, path(i), at));
    // 30 retrieves of 30 customers: one endpoint, 25 go through.
    expect(outcomes('GET', (i) => `/v1/customers/cus_${i}A`, 30, t).filter((r) => r === 'endpoint-rate')).toHaveLength(5);
    // The list and the create are endpoints of their own.
    expect(outcomes('GET', () => '/v1/customers', 25, t).every((r) => r === null)).toBe(true);
    expect(outcomes('POST', () => '/v1/customers', 25, t).every((r) => r === null)).toBe(true);
    // 75 started: 25 more of a fourth endpoint fill the account's 100, the rest are refused as global.
    const fourth = outcomes('GET', () => '/v1/invoices', 26, t + 10);
    expect(fourth.slice(0, 25).every((r) => r === null)).toBe(true);
    expect(fourth[25]).toBe('global-rate');
    // A second later the window has moved on.
    expect(faults.overRateLimit('GET', '/v1/invoices', t + 1011)).toBeNull();
    expect(endpointOf('GET', '/v1/payment_intents/pi_3Abc/confirm')).toBe('GET /v1/payment_intents/{id}/confirm');
    expect(endpointOf('GET', '/v1/checkout/sessions')).toBe('GET /v1/checkout/sessions');
  });
});
