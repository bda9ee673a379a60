/** Timeout and retry schedule for webhook deliveries; tests shorten it through startEmulator's `webhooks`. */
export interface DeliveryPolicy {
  timeoutMs: number;
  /** First retry delay; each further retry doubles it up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /**
   * Requests in flight at once per endpoint. Stripe sends concurrently and does not promise order;
   * one at a time would bound a large renewal by round-trip latency. 1 gives strict event order.
   */
  concurrency: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxAttempts: 8,
  concurrency: 16,
};
