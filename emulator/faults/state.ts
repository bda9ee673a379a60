import type { DeliveryFaults, FaultConfig, RateLimitCode } from './config';
import { noFaults, randomSeed } from './config';
import { seededRandom, shuffleInPlace } from './prng';

export type ApiFault = { kind: 'error' } | { kind: 'rate_limit'; code: RateLimitCode; shouldRetry: boolean };

/** How many faults were injected since the configuration was last set (GET /_emulator/faults/injected). */
export interface InjectedCounts {
  api_errors: number;
  rate_limits: number;
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
  return { api_errors: 0, rate_limits: 0, dropped: 0, duplicated: 0 };
}
