import type { PaceMeter } from '../stripe/pace/pace';

export type SyncStage = 'customers' | 'subscriptions' | 'invoices' | 'unlisted customers';
export const STAGES: readonly SyncStage[] = ['customers', 'subscriptions', 'invoices', 'unlisted customers'];

export interface StageProgress {
  /** objects read and applied (by this sync, and by the run it resumed) */
  done: number;
  /** what the mirror held of it before the sync (null: nothing to go by); the count read, once finished */
  estimate: number | null;
  finished: boolean;
}

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
  /** each stage on its own */
  stages: Record<SyncStage, StageProgress>;
  /** Stripe requests sent so far, and how many of them were answered 429 (and sent again after a back-off) */
  requests: number;
  rateLimited: number;
  /** objects the run this one resumed had already applied (0: a sync from the start) */
  resumed: number;
}

export type Progress = (progress: SyncProgress) => void;

/** Keeps the counts a sync reports as it goes. */
export class SyncProgressTracker {
  private readonly read = new Map<SyncStage, number>();
  private readonly finished = new Set<SyncStage>();
  private resumed = 0;

  constructor(
    /** what the mirror held of each stage before the sync */
    private readonly expected: Partial<Record<SyncStage, number>>,
    private readonly meter: PaceMeter,
    private readonly report: Progress,
  ) {}

  /** What the run this sync resumes had applied of a stage. */
  resume(stage: SyncStage, count: number, finished: boolean): void {
    this.read.set(stage, (this.read.get(stage) ?? 0) + count);
    this.resumed += count;
    if (finished) this.finished.add(stage);
  }

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
    const known = Object.values(this.expected).some((n) => (n ?? 0) > 0);
    const stages = Object.fromEntries(
      STAGES.map((s): [SyncStage, StageProgress] => {
        const finished = this.finished.has(s);
        const expected = this.expected[s];
        return [s, { done: this.count(s), finished, estimate: finished ? this.count(s) : expected ? Math.max(expected, this.count(s)) : null }];
      }),
    ) as Record<SyncStage, StageProgress>;
    const done = STAGES.reduce((sum, s) => sum + this.count(s), 0);
    const estimate = known ? STAGES.reduce((sum, s) => sum + (stages[s].estimate ?? this.count(s)), 0) : null;
    this.report({ stage, done, estimate, stages, requests: this.meter.requests, rateLimited: this.meter.rateLimited, resumed: this.resumed });
  }
}
