import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/index';
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
