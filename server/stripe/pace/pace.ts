import pRetry from 'p-retry';
import Stripe from 'stripe';
import { type Config, stripeRequestsPerSecond } from '../../config';

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

/** Stripe's limits are per second (docs.stripe.com/rate-limits). */
const WINDOW_MS = 1_000;

/**
 * Stripe's limit for each endpoint, unless its docs name another: docs.stripe.com/rate-limits,
 * "API endpoints have a default limit of 25 requests per second", counted against the global
 * limit too. Each named operation is an endpoint of its own (`GET /v1/invoices`, the list, is not
 * `GET /v1/invoices/{id}`), in live mode as in a sandbox.
 */
export const STRIPE_ENDPOINT_LIMIT = 25;

/**
 * An endpoint as Stripe counts it: the SDK's resource and method, e.g. `invoices.list`,
 * `customers.retrieve`. One name per operation is all the pace needs: it never sees the URL.
 */
export type StripeEndpoint = string;

/**
 * The request budget of long Stripe reads (a sync, an event catch-up), shared by every run in this
 * process: at most `perSecond` requests, and `perEndpoint` (never more than `perSecond`) to any one
 * endpoint, in any one-second window as Stripe sees them arrive. A request answered 429 waits out
 * its back-off and queues again.
 *
 * Stripe counts a request when it arrives, some time after Recur let it start (the SDK's first
 * request runs `uname`, a busy event loop holds the write, the network varies) and before its
 * answer came back. So an earlier request counts until a second after its answer (or for as long
 * as it is in flight), and a new one from when it starts: however late the earlier one arrived,
 * the two are a second apart at Stripe. Counted from starts alone, with a 50 ms margin, 25
 * requests to one endpoint reached the emulator's limiter within 511 ms of each other and the
 * 26th was refused (bench/syncBackfill.ts, 28 refusals in 7,000 requests).
 *
 * Both limits are checked at the one moment a request starts: two throttles in a row counted it
 * against the first when it passed it and started it when it passed the second, letting requests
 * held by one pass the other's limit together. Waiting requests go in the order they came, except
 * that one whose endpoint is full lets those behind it to other endpoints go first.
 */
export class StripePace {
  readonly perEndpoint: number;
  private readonly waiting: { endpoint: StripeEndpoint; start: (sent: Sent) => void }[] = [];
  private readonly sent: Sent[] = [];
  private readonly sentTo = new Map<StripeEndpoint, Sent[]>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly perSecond: number,
    readonly backoff: Backoff = DEFAULT_BACKOFF,
    perEndpoint = STRIPE_ENDPOINT_LIMIT,
  ) {
    this.perEndpoint = Math.min(perEndpoint, perSecond);
  }

  /** A run's own view of the budget, counting the requests it sent and the 429s it met. */
  meter(): PaceMeter {
    return new PaceMeter((endpoint) => this.take(endpoint), this.backoff);
  }

  /** Resolves when a request to `endpoint` may start, with what to call once it is answered (or failed). */
  private async take(endpoint: StripeEndpoint): Promise<() => void> {
    const sent = await new Promise<Sent>((start) => {
      this.waiting.push({ endpoint, start });
      this.dispatch();
    });
    return () => {
      sent.answeredAt = Date.now();
      // Its window now ends a second from here: the requests waiting on it get a time to start.
      this.dispatch();
    };
  }

  /** Starts every waiting request both limits allow now, and wakes when the next one may go. */
  private dispatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = Date.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.waiting.length; ) {
      const accountFree = roomAt(this.sent, this.perSecond, now);
      if (accountFree > now) {
        wakeAt = Math.min(wakeAt, accountFree);
        break;
      }
      const request = this.waiting[i]!;
      const toEndpoint = this.sentTo.get(request.endpoint) ?? [];
      this.sentTo.set(request.endpoint, toEndpoint);
      const endpointFree = roomAt(toEndpoint, this.perEndpoint, now);
      if (endpointFree > now) {
        wakeAt = Math.min(wakeAt, endpointFree);
        i++;
        continue;
      }
      const sent: Sent = { answeredAt: null };
      this.sent.push(sent);
      toEndpoint.push(sent);
      this.waiting.splice(i, 1);
      request.start(sent);
    }
    // Infinity: every place is held by a request in flight, and its answer dispatches again.
    if (this.waiting.length && wakeAt !== Number.POSITIVE_INFINITY) this.timer = setTimeout(() => this.dispatch(), wakeAt - now);
  }
}

/** A request started within the budget: it counts until a second after its answer. */
interface Sent {
  answeredAt: number | null;
}

/**
 * When one more request fits among `sent` with at most `limit` counted: now, or a second after the
 * answer that frees a place (Infinity while the places are held by requests in flight). Forgets
 * those whose second is over.
 */
function roomAt(sent: Sent[], limit: number, now: number): number {
  const counted = sent.filter((s) => s.answeredAt === null || s.answeredAt > now - WINDOW_MS);
  if (counted.length !== sent.length) sent.splice(0, sent.length, ...counted);
  if (counted.length < limit) return now;
  const answers = counted
    .map((s) => s.answeredAt)
    .filter((at): at is number => at !== null)
    .sort((a, b) => a - b);
  // The (counted - limit + 1)th answer to leave the window makes room.
  const freeing = answers[counted.length - limit];
  return freeing === undefined ? Number.POSITIVE_INFINITY : freeing + WINDOW_MS;
}

export class PaceMeter {
  requests = 0;
  rateLimited = 0;

  constructor(
    private readonly slot: (endpoint: StripeEndpoint) => Promise<() => void>,
    private readonly backoff: Backoff,
  ) {}

  /**
   * Sends one request to `endpoint` within the budget; a 429 is tried again after a back-off, any
   * other error is thrown.
   */
  run<T>(endpoint: StripeEndpoint, request: () => Promise<T>): Promise<T> {
    return pRetry(
      async () => {
        const answered = await this.slot(endpoint);
        this.requests++;
        try {
          return await request();
        } finally {
          answered();
        }
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

/** The process's budget as configured: STRIPE_REQUESTS_PER_SECOND and STRIPE_ENDPOINT_REQUESTS_PER_SECOND. */
export function stripePaceFor(config: Config): StripePace {
  return new StripePace(stripeRequestsPerSecond(config), DEFAULT_BACKOFF, config.STRIPE_ENDPOINT_REQUESTS_PER_SECOND ?? STRIPE_ENDPOINT_LIMIT);
}
