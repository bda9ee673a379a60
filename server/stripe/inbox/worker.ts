import { applyEventBatch, type PendingEvent } from '../apply/batch';
import { ReadAgain } from '../apply/snapshot';
import type { ApplyContext } from '../handlers';
import type { EventStore } from './eventStore';
import { isTransientPostgresError } from '../../db/transient';
import type { ApplyPacer } from './intakeYield';

export interface WorkerOptions {
  batchSize?: number;
  /** delay before the n-th retry of a failed event, in ms; past the last, the event waits for a replay */
  retryDelaysMs?: readonly number[];
  /** how often failed events that are due are picked up again */
  pollMs?: number;
  /** the least time between the starts of two batches that were not full (see drain) */
  gatherMs?: number;
}

const DEFAULT_RETRY_DELAYS = [5_000, 30_000, 120_000, 600_000, 3_600_000];
/** After a deadlock, a moment for the other transaction to finish before the batch runs again. */
const TRANSIENT_PAUSE_MS = 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies stored events in the background, oldest first, in batches. A batch that fails is
 * applied event by event so one bad event cannot hold up the others; it is marked failed with
 * its error and tried again with backoff, and stays replayable.
 */
export class EventWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly batchSize: number;
  private readonly retryDelays: readonly number[];
  private readonly gatherMs: number;
  /** when the last batch started, and whether it was a partial one */
  private last = { startedAt: 0, partial: false };

  constructor(
    private readonly ctx: ApplyContext,
    private readonly store: EventStore,
    private readonly options: WorkerOptions = {},
    /** paces applying after each batch: it yields to a heavy burst of deliveries (intakeYield.ts) */
    private readonly pacer?: ApplyPacer,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.gatherMs = options.gatherMs ?? 60;
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
  }

  start(): void {
    this.timer = setInterval(
      () =>
        void this.store.requeueDue().then(
          () => this.kick(),
          (err: unknown) => this.ctx.log.warn({ err }, 'could not requeue failed events'),
        ),
      this.options.pollMs ?? 2_000,
    );
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a run; runs coalesce, and a request during a run triggers one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A failed read of the inbox (say, the database briefly unavailable) waits for the next kick or poll.
    const drained = this.drain().catch((err: unknown) => this.ctx.log.warn({ err }, 'could not apply pending events'));
    this.running = drained.finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  get log(): ApplyContext['log'] {
    return this.ctx.log;
  }

  /** Resolves when nothing is pending (tests and the sync command wait on it). */
  async idle(): Promise<void> {
    while (this.running || this.again) await (this.running ?? Promise.resolve());
  }

  /**
   * A transaction costs several milliseconds whatever its size, and on SQLite each one holds the
   * single writer that webhook ingest commits wait on. Under a steady stream, applying every few
   * events would take the writer after each ingest commit; after a partial batch, the next one
   * waits a moment to gather more. A full batch (a backlog) goes on at once, and a lone event after
   * a quiet spell is applied immediately.
   */
  private async drain(): Promise<void> {
    while (!this.stopped) {
      const gather = this.last.partial ? this.last.startedAt + this.gatherMs - Date.now() : 0;
      if (gather > 0) await new Promise((resolve) => setTimeout(resolve, gather));
      this.last = { startedAt: Date.now(), partial: true };
      const started = performance.now();
      const batch = await this.store.takePending(this.batchSize);
      if (!batch.length) return;
      this.last.partial = batch.length < this.batchSize;
      try {
        await applyEventBatch(batch, this.ctx);
      } catch (error) {
        if (error instanceof ReadAgain) continue;
        // PostgreSQL ended the batch's transaction to break a deadlock: nothing of it was kept,
        // and no event is at fault, so the same events are taken again.
        if (isTransientPostgresError(error)) {
          await pause(TRANSIENT_PAUSE_MS);
          continue;
        }
        for (const event of batch) await this.applyAlone(event);
      }
      await this.pacer?.afterBatch(performance.now() - started);
    }
  }

  private async applyAlone(event: PendingEvent): Promise<void> {
    try {
      await applyEventBatch([event], this.ctx);
    } catch (error) {
      // Still pending: the next pass takes it again.
      if (error instanceof ReadAgain || isTransientPostgresError(error)) return;
      const message = error instanceof Error ? error.message : String(error);
      const attempts = event.attempts + 1;
      const delay = this.retryDelays[attempts - 1];
      this.ctx.log.warn({ eventId: event.id, type: event.type, attempts, err: message }, 'webhook event failed to apply');
      await this.store.markFailed(event, message, delay === undefined ? null : new Date(Date.now() + delay));
    }
  }
}
