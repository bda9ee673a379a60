const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Retries: exponential backoff from 30 s, doubling, at most 12 h apart, for 3 days from the first
 * attempt (or a replay); the last attempt falls on the end of the window, then the delivery has
 * failed. Stripe retries its own webhooks "for up to three days with an exponential back off"
 * (docs.stripe.com/webhooks#automatic-retries); Standard Webhooks' spec recommends retrying with
 * exponential backoff and jitter (github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
 */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 30_000, maxDelayMs: 12 * HOUR, windowMs: 3 * DAY };

/** An endpoint whose every attempt has failed for this long is disabled (the admins get an e-mail). */
export const DEFAULT_DISABLE_AFTER_MS = 3 * DAY;

/**
 * When to try again after the `attempts`-th attempt failed, or null when the window is over.
 * Up to 10 % jitter, so the deliveries of an endpoint that was down do not all return at once.
 */
export function nextAttemptAt(attempts: number, windowStart: Date, now: Date, policy: RetryPolicy = DEFAULT_RETRY, jitter = Math.random()): Date | null {
  const deadline = windowStart.getTime() + policy.windowMs;
  if (now.getTime() >= deadline) return null;
  const delay = Math.min(policy.firstDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs) * (1 + 0.1 * jitter);
  return new Date(Math.min(now.getTime() + delay, deadline));
}
