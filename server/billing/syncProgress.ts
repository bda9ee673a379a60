import type { PaceMeter } from '../stripe/pace/pace';

export type SyncStage = 'customers' | 'subscriptions' | 'invoices' | 'unlisted customers';

export interface SyncProgress {
  stage: SyncStage;
  /** objects read from Stripe and applied so far, all stages together */
  done: number;
  /**
   * How many objects the whole sync will read. Stripe's lists carry no total, so a stage not yet
   * finished is estimated by what Recur's mirror holds of it (or what was read, if more); a
   * finished one counts what it read. null while the mirror is empty: a first sync has nothing to go by.
   */
  estimate: number | null;
  /** Stripe requests sent so far, and how many of them were answered 429 (and sent again after a back-off) */
  requests: number;
  rateLimited: number;
}

export type Progress = (progress: SyncProgress) => void;

/** Keeps the counts a sync reports as it goes. */
export class SyncProgressTracker {
  private readonly read = new Map<SyncStage, number>();
  private readonly finished = new Set<SyncStage>();

  constructor(
    /** what the mirror held of each stage before the sync */
    private readonly expected: Partial<Record<SyncStage, number>>,
    private readonly meter: PaceMeter,
    private readonly report: Progress,
  ) {}

  add(stage: SyncStage, count: number): void {
    this.read.set(stage, (this.read.get(stage) ?? 0) + count);
    this.emit(stage);
  }

  /** A stage whose size is known before it runs (the unlisted customers, once the listing is done). */
  expect(stage: SyncStage, count: number): void {
    this.expected[stage] = count;
  }

  finish(stage: SyncStage): void {
    this.finished.add(stage);
    this.emit(stage);
  }

  count(stage: SyncStage): number {
    return this.read.get(stage) ?? 0;
  }

  private emit(stage: SyncStage): void {
    const stages: SyncStage[] = ['customers', 'subscriptions', 'invoices', 'unlisted customers'];
    const done = stages.reduce((sum, s) => sum + this.count(s), 0);
    const known = Object.values(this.expected).some((n) => (n ?? 0) > 0);
    const estimate = known
      ? stages.reduce((sum, s) => sum + (this.finished.has(s) ? this.count(s) : Math.max(this.expected[s] ?? 0, this.count(s))), 0)
      : null;
    this.report({ stage, done, estimate, requests: this.meter.requests, rateLimited: this.meter.rateLimited });
  }
}
