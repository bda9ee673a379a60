import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { EmulatorEnv } from '../http/env';
import type { StripeErrorBody } from '../http/errors';
import type { FaultState } from './state';

/** Stripe's wording, so clients that log or match on messages see what production would send. */
const LIMITED = 'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.';
const MESSAGES = {
  error: 'An unknown error occurred. (Injected by the emulator.)',
  rate_limit: `${LIMITED} (Injected by the emulator.)`,
  lock_timeout:
    'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. (Injected by the emulator.)',
};

/**
 * Answers a /v1 request over the rate limits set with Stripe's 429, and a share of the others with
 * 500 or 429, before any handler or idempotency lookup runs:
 * the request changes nothing and leaves no idempotency record, so a retry with the same key
 * runs for real — which is what `Stripe-Should-Retry: true` promises a client.
 */
export function apiFaults(faults: FaultState): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const limited = faults.limitsRates ? faults.overRateLimit(endpointOf(c)) : null;
    if (limited) {
      // docs.stripe.com/rate-limits: the limiter's 429 names the limit in this header; Stripe-Should-Retry is not sent.
      c.header('Stripe-Rate-Limited-Reason', limited);
      return c.json({ error: { type: 'invalid_request_error', code: 'rate_limit', message: LIMITED } satisfies StripeErrorBody }, 429);
    }
    const fault = faults.apiFault(c.req.path);
    if (!fault) return next();
    const error: StripeErrorBody =
      fault.kind === 'error'
        ? { type: 'api_error', message: MESSAGES.error }
        : { type: 'invalid_request_error', code: fault.code, message: MESSAGES[fault.code] };
    if (fault.kind === 'error' || fault.shouldRetry) {
      c.header('Stripe-Should-Retry', 'true');
    } else if (fault.code === 'rate_limit') {
      // docs.stripe.com/rate-limits: a limiter's 429 names the limit in this header and asks for nothing more.
      c.header('Stripe-Rate-Limited-Reason', 'global-rate');
    }
    return c.json({ error }, fault.kind === 'error' ? 500 : 429);
  };
}

/**
 * Holds a request after it was accepted (its idempotency key now in flight) and before it runs,
 * as a slow API call would; mounted after the idempotency middleware for exactly that reason.
 */
export function apiLatency(faults: FaultState): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const ms = faults.apiLatency(c.req.path);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    await next();
  };
}

/**
 * The endpoint Stripe counts a request against, "each named API operation"
 * (docs.stripe.com/rate-limits): the method and the route that answers it, `GET /v1/coupons/:id`
 * for every coupon, whatever its id (a coupon's or a product's can be chosen by the caller). A path
 * no route answers is an endpoint of its own.
 */
function endpointOf(c: Context): string {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
  return `${c.req.method} ${route?.path ?? c.req.path}`;
}
