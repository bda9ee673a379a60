/**
 * Applying gives way to intake during a heavy burst of deliveries.
 *
 * A delivery's 2xx waits for its commit; an event's applying can wait. On a 2-core machine the
 * apply thread's batches (and their SQLite work in libuv's pool) take the CPU that the request
 * thread's verification and commits need: during bench/webhooks' burst, intake stored 5.2k
 * deliveries a second with applying running beside it, and 9.9k with applying held back. Stripe
 * times a delivery out and retries it, which makes a burst longer; it never retries an applied event.
 *
 * So while deliveries arrive faster than APPLY_YIELDS_ABOVE_PER_SECOND, the worker pauses after
 * each batch for YIELD_FACTOR times as long as the batch took: applying goes on at a sixth of its
 * pace, never stops, and is back to full pace within a batch of the burst's end. What waited is
 * then applied at full pace, oldest first, as before.
 */

/**
 * Deliveries a second from which applying yields: a shop's usual load is a few a minute, and a
 * test-clock advance or a renewal run of a large account some hundreds a second, which intake
 * serves with CPU to spare.
 */
export const APPLY_YIELDS_ABOVE_PER_SECOND = 1_000;

/** While intake is that busy, a batch that took t ms is followed by a pause of YIELD_FACTOR × t. */
export const YIELD_FACTOR = 5;

/** A pause is never longer than this, whatever one batch took (a batch stuck on a slow Stripe read). */
export const MAX_YIELD_MS = 1_000;

/**
 * How many deliveries this process has recorded, in shared memory: the request thread counts,
 * the apply thread reads. Only differences are used, so wrapping around 2^31 does no harm.
 */
export class IntakeCounter {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)) {
    this.cells = new Int32Array(buffer);
  }

  note(): void {
    Atomics.add(this.cells, 0, 1);
  }

  read(): number {
    return Atomics.load(this.cells, 0);
  }
}

export interface YieldClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: YieldClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What the event worker calls after each batch; the pause it takes, in ms (0: none). */
export interface ApplyPacer {
  afterBatch(batchMs: number): Promise<number>;
}

/**
 * The intake rate is measured between two calls (one batch and the pause before it), from the
 * shared counter, so it is never stale: a burst that ended is seen as over at the next batch.
 */
export class IntakeYield implements ApplyPacer {
  private last: { at: number; count: number } | null = null;

  constructor(
    private readonly counter: Pick<IntakeCounter, 'read'>,
    private readonly clock: YieldClock = realClock,
  ) {}

  async afterBatch(batchMs: number): Promise<number> {
    const now = this.clock.now();
    const count = this.counter.read();
    const last = this.last;
    this.last = { at: now, count };
    if (!last || now <= last.at) return 0;
    const perSecond = (((count - last.count) | 0) * 1000) / (now - last.at);
    if (perSecond < APPLY_YIELDS_ABOVE_PER_SECOND) return 0;
    const pause = Math.min(MAX_YIELD_MS, Math.max(0, batchMs) * YIELD_FACTOR);
    if (pause > 0) await this.clock.sleep(pause);
    return pause;
  }
}
