import type { WriteGate } from '../../db/sequelize';

// Node 20 has Atomics.waitAsync; the ES2023 lib this project compiles against predates it.
declare global {
  interface Atomics {
    waitAsync(
      typedArray: Int32Array,
      index: number,
      value: number,
      timeout?: number,
    ): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
  }
}

const STATE = 0;
/** how many writes of the ingest side are waiting: the apply side lets them go first */
const WAITING = 1;
const FREE = 0;
/** the holder is recorded, so the apply thread's lock can be taken back if that thread dies */
const HELD_BY = { ingest: 1, apply: 2 } as const;

export function sharedLockCells(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

async function whileEqual(cells: Int32Array, index: number, value: number): Promise<void> {
  const wait = Atomics.waitAsync(cells, index, value);
  if (wait.async) await wait.value;
}

/**
 * SQLite has one writer per file, across threads too: the request thread (ingest, admin writes)
 * and the apply thread take this lock around each transaction. Without it a deferred Sequelize
 * transaction meeting the other thread's commit fails with SQLITE_BUSY instead of waiting.
 * The request thread has priority: a webhook's 2xx waits on its commit, applying can wait.
 */
export class SharedWriteLock implements WriteGate {
  private readonly cells: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly side: 'ingest' | 'apply',
  ) {
    this.cells = new Int32Array(buffer);
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    const { cells } = this;
    if (this.side === 'ingest') Atomics.add(cells, WAITING, 1);
    try {
      for (;;) {
        const waiting = this.side === 'apply' ? Atomics.load(cells, WAITING) : 0;
        if (waiting > 0) await whileEqual(cells, WAITING, waiting);
        else if (Atomics.compareExchange(cells, STATE, FREE, HELD_BY[this.side]) === FREE) return;
        else await whileEqual(cells, STATE, Atomics.load(cells, STATE));
      }
    } finally {
      if (this.side === 'ingest') {
        Atomics.sub(cells, WAITING, 1);
        Atomics.notify(cells, WAITING);
      }
    }
  }

  private release(): void {
    Atomics.store(this.cells, STATE, FREE);
    Atomics.notify(this.cells, STATE);
  }

  /** When the apply thread dies mid-transaction, its hold is released so the database is not locked forever. */
  releaseApplyHold(): void {
    if (Atomics.compareExchange(this.cells, STATE, HELD_BY.apply, FREE) === HELD_BY.apply) Atomics.notify(this.cells, STATE);
  }
}
