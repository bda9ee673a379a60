import type { DeliveryFaults, FaultConfig, RateLimitCode } from './config';
import { noFaults, randomSeed } from './config';
import { seededRandom, shuffleInPlace } from './prng';

export type ApiFault = { kind: 'error' } | { kind: 'rate_limit'; code: RateLimitCode; shouldRetry: boolean };

/** Which of Stripe's limiters refused a request, as its Stripe-Rate-Limited-Reason header names it. */
export type LimitedReason = 'global-rate' | 'endpoint-rate';

/** How many faults were injected since the configuration was last set (GET /_emulator/faults/injected). */
export interface InjectedCounts {
  api_errors: number;
  rate_limits: number;
  /** requests refused by the rate limits set (requestsPerSecond, endpointRequestsPerSecond), not by chance */
  over_rate_limit: number;
  dropped: number;
  duplicated: number;
}

export interface DeliveryFate {
  drop: boolean;
  duplicate: boolean;
}

/**
 * The faults in force and their dice. API faults and delivery faults roll separate streams, so
 * how many API calls a test makes does not change which deliveries get dropped or duplicated.
 */
export class FaultState {
  private current: FaultConfig = noFaults(randomSeed());
  private apiDice = seededRandom(0);
  private deliveryDice = seededRandom(0);
  private counts: InjectedCounts = zeroCounts();
  private readonly limits = new RateWindows();

  constructor() {
    this.reseed();
  }

  get config(): FaultConfig {
    return this.current;
  }

  get deliveries(): DeliveryFaults {
    return this.current.deliveries;
  }

  get injected(): InjectedCounts {
    return { ...this.counts };
  }

  set(config: FaultConfig): void {
    this.current = config;
    this.counts = zeroCounts();
    this.limits.clear();
    this.reseed();
  }

  clear(): void {
    this.set(noFaults(randomSeed()));
  }

  /** Rolled before a /v1 handler runs, so a faulted request changes nothing. */
  apiFault(path: string): ApiFault | null {
    const { errorRate, rateLimitRate, rateLimitCode, rateLimitShouldRetry } = this.current.api;
    if (errorRate === 0 && rateLimitRate === 0) return null;
    if (!this.covers(path)) return null;
    const roll = this.apiDice();
    if (roll < errorRate) {
      this.counts.api_errors++;
      return { kind: 'error' };
    }
    if (roll < errorRate + rateLimitRate) {
      this.counts.rate_limits++;
      return { kind: 'rate_limit', code: rateLimitCode, shouldRetry: rateLimitShouldRetry };
    }
    return null;
  }

  /** Whether any rate limit is set: without one, a request's endpoint need not be worked out. */
  get limitsRates(): boolean {
    return this.current.api.requestsPerSecond > 0 || this.current.api.endpointRequestsPerSecond > 0;
  }

  /**
   * Whether Stripe's rate limiter would refuse a /v1 request to `endpoint` (`GET /v1/invoices/:id`)
   * now, under the limits set (none by default). An accepted request is counted; a refused one is
   * not, so a client that backs off gets through.
   */
  overRateLimit(endpoint: string, now = Date.now()): LimitedReason | null {
    const { requestsPerSecond, endpointRequestsPerSecond } = this.current.api;
    if (!this.limitsRates) return null;
    const reason = this.limits.admit(endpoint, requestsPerSecond, endpointRequestsPerSecond, now);
    if (reason) this.counts.over_rate_limit++;
    return reason;
  }

  /** How long a /v1 request on this path is held before it runs (0: not at all). */
  apiLatency(path: string): number {
    const { latencyMs } = this.current.api;
    return latencyMs > 0 && this.covers(path) ? latencyMs : 0;
  }

  private covers(path: string): boolean {
    const { pathPrefix } = this.current.api;
    return pathPrefix === null || path.startsWith(pathPrefix);
  }

  /** Rolled once per event and endpoint, when the event is first queued for it. */
  deliveryFate(): DeliveryFate {
    const { dropRate, duplicateRate } = this.current.deliveries;
    const drop = dropRate > 0 && this.deliveryDice() < dropRate;
    const duplicate = !drop && duplicateRate > 0 && this.deliveryDice() < duplicateRate;
    if (drop) this.counts.dropped++;
    if (duplicate) this.counts.duplicated++;
    return { drop, duplicate };
  }

  shuffle<T>(items: T[]): T[] {
    return shuffleInPlace(items, this.deliveryDice);
  }

  private reseed(): void {
    this.apiDice = seededRandom(this.current.seed);
    this.deliveryDice = seededRandom(this.current.seed ^ 0x9e3779b9);
  }
}

function zeroCounts(): InjectedCounts {
  return { api_errors: 0, rate_limits: 0, over_rate_limit: 0, dropped: 0, duplicated: 0 };
}

/**
 * Requests started in the last second, for the account and per endpoint. A sliding window: never
 * more than the limit in any second, which a token bucket of the same rate (Stripe's own limiter,
 * per its engineering blog) allows and more.
 */
class RateWindows {
  private readonly all: number[] = [];
  private readonly byEndpoint = new Map<string, number[]>();

  admit(endpoint: string, perSecond: number, perEndpoint: number, now: number): LimitedReason | null {
    const toEndpoint = this.byEndpoint.get(endpoint) ?? [];
    this.byEndpoint.set(endpoint, toEndpoint);
    if (perSecond && inLastSecond(this.all, now) >= perSecond) return 'global-rate';
    if (perEndpoint && inLastSecond(toEndpoint, now) >= perEndpoint) return 'endpoint-rate';
    this.all.push(now);
    toEndpoint.push(now);
    return null;
  }

  clear(): void {
    this.all.length = 0;
    this.byEndpoint.clear();
  }
}

/** Drops the times older than a second and counts the rest. */
function inLastSecond(times: number[], now: number): number {
  let old = 0;
  while (old < times.length && times[old]! <= now - 1000) old++;
  if (old) times.splice(0, old);
  return times.length;
}
