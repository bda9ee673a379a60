import pRetry from 'p-retry';
import pThrottle from 'p-throttle';
import Stripe from 'stripe';

/**
 * How a rate-limited request is tried again. docs.stripe.com/rate-limits ("Handling limiting
 * gracefully"): watch for 429 and retry on an exponential backoff schedule with some randomness.
 */
export interface Backoff {
  /** tries after the first, before the 429 is the caller's */
  retries: number;
  minMs: number;
  maxMs: number;
}

/** About four minutes of waiting, doubling from half a second: longer than any burst limit lasts. */
export const DEFAULT_BACKOFF: Backoff = { retries: 10, minMs: 500, maxMs: 30_000 };

/**
 * A 429 from any of Stripe's limiters (rate_limit, lock_timeout, concurrency). stripe-node retries
 * one only when Stripe-Should-Retry says true (RequestSender._shouldRetry); Stripe's rate limiter
 * does not send it, so the back-off here is what absorbs those.
 */
export function isRateLimited(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.statusCode === 429;
}

/**
 * The window the budget is counted over: a little more than a second, so that a request leaving a
 * few milliseconds late (the SDK's own work, the network) cannot land a 26th request in one of
 * Stripe's seconds. Measured at the SDK, bench/syncPace.ts found 26 in a second with exactly 1000.
 */
const WINDOW_MS = 1_050;

/**
 * The request budget of long Stripe reads (a sync, an event catch-up), shared by every run in this
 * process: at most `perSecond` requests start in any one-second window (p-throttle's strict mode),
 * and a request answered 429 waits out its back-off and takes a new place in that budget.
 */
export class StripePace {
  private readonly slot: () => Promise<void>;

  constructor(
    readonly perSecond: number,
    readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {
    this.slot = pThrottle({ limit: perSecond, interval: WINDOW_MS, strict: true })(async () => undefined);
  }

  /** A run's own view of the budget, counting the requests it sent and the 429s it met. */
  meter(): PaceMeter {
    return new PaceMeter(this.slot, this.backoff);
  }
}

export class PaceMeter {
  requests = 0;
  rateLimited = 0;

  constructor(
    private readonly slot: () => Promise<void>,
    private readonly backoff: Backoff,
  ) {}

  /** Sends one Stripe request within the budget; a 429 is tried again after a back-off, any other error is thrown. */
  run<T>(request: () => Promise<T>): Promise<T> {
    return pRetry(
      async () => {
        await this.slot();
        this.requests++;
        return request();
      },
      {
        retries: this.backoff.retries,
        minTimeout: this.backoff.minMs,
        maxTimeout: this.backoff.maxMs,
        randomize: true,
        onFailedAttempt: ({ error }) => {
          if (isRateLimited(error)) this.rateLimited++;
        },
        shouldRetry: ({ error }) => isRateLimited(error),
      },
    );
  }
}
