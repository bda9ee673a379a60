/** What PUT /_emulator/faults takes and GET returns; every field has a "no fault" default. */
export interface DeliveryFaults {
  /** Probability that a delivery is sent twice, as Stripe occasionally does. */
  duplicateRate: number;
  /** Deliveries to one endpoint are held and released in random order in windows of this many (1 = in order). */
  shuffleWindow: number;
  /** How long a partly filled window waits for more events before it is released anyway. */
  shuffleHoldMs: number;
  /** Probability that a delivery is never attempted; the event itself is still stored and listed. */
  dropRate: number;
  /** Added before every delivery attempt. */
  delayMs: number;
}

export type RateLimitCode = 'rate_limit' | 'lock_timeout';

export interface ApiFaults {
  /** Share of /v1 requests answered 500 api_error. */
  errorRate: number;
  /** Share of /v1 requests answered 429. */
  rateLimitRate: number;
  rateLimitCode: RateLimitCode;
  /**
   * Whether an injected 429 tells the client to retry (`Stripe-Should-Retry: true`, so the SDK's own
   * retries absorb it). false answers as Stripe's rate limiter does, with no such header — the SDK then
   * does not retry, and the client's own back-off is what gets exercised.
   */
  rateLimitShouldRetry: boolean;
  /** Only requests whose path starts with this are faulted (null: all of /v1). */
  pathPrefix: string | null;
  /** Each /v1 request (within pathPrefix) is held this long once accepted, before it runs: a slow API. */
  latencyMs: number;
  /**
   * Stripe's rate limiter, off (0) unless set: at most this many /v1 requests start in any one-second
   * window (docs.stripe.com/rate-limits: 100 in live mode, 25 in a sandbox). Over it, 429
   * `rate_limit` with `Stripe-Rate-Limited-Reason: global-rate` and no Stripe-Should-Retry.
   */
  requestsPerSecond: number;
  /** The same per endpoint (the method and the route that answers it), `endpoint-rate`: Stripe's default is 25. */
  endpointRequestsPerSecond: number;
}

export interface FaultConfig {
  /** Seeds the dice so a run can be reproduced; chosen at random when not given, and reported. */
  seed: number;
  deliveries: DeliveryFaults;
  api: ApiFaults;
}

export const NO_DELIVERY_FAULTS: DeliveryFaults = {
  duplicateRate: 0,
  shuffleWindow: 1,
  shuffleHoldMs: 100,
  dropRate: 0,
  delayMs: 0,
};

export const NO_API_FAULTS: ApiFaults = {
  errorRate: 0,
  rateLimitRate: 0,
  rateLimitCode: 'rate_limit',
  rateLimitShouldRetry: true,
  pathPrefix: null,
  latencyMs: 0,
  requestsPerSecond: 0,
  endpointRequestsPerSecond: 0,
};

export function noFaults(seed: number): FaultConfig {
  return { seed, deliveries: { ...NO_DELIVERY_FAULTS }, api: { ...NO_API_FAULTS } };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff);
}
