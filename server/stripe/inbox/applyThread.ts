import { Worker } from 'node:worker_threads';
import type { ApplyContext } from '../handlers';
import type { ApplyThreadData, FromApplyThread, ToApplyThread } from './protocol';
import { sharedLockCells, SharedWriteLock } from './sharedLock';
import { performRead, readFailure } from './stripeReads';
import type { WorkerOptions } from './worker';

/**
 * Compiled (`npm start` runs dist/server/index.js, this module bundled into it), the thread is
 * dist/server/apply-thread.js beside it (scripts/build.mjs), plain JavaScript for node. From the
 * TypeScript sources (`npm run dev`, vitest, the benches) worker threads do not inherit tsx's
 * loader (Node 20 ignores `--import tsx` for a worker's entry), so the thread registers it first.
 */
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL(COMPILED ? './apply-thread.js' : './thread.ts', import.meta.url).href;
const BOOT = COMPILED
  ? `import(${JSON.stringify(ENTRY)});`
  : `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); });`;

/**
 * The thread holds one batch of payloads at a time (a few MB); a bounded heap keeps V8 from
 * growing it, and with it the server's resident memory, under a long burst. A thread that would
 * need more dies and is started again, like one that crashed. The young generation is small: the
 * thread's garbage is short-lived batch data, and V8 otherwise grows it to 16 MB per semi-space
 * under load, resident memory the webhook benchmark's 250 MB budget (issue 7) cannot spare.
 */
const HEAP_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 };

/** How long to wait before starting a new apply thread after one died. */
const RESPAWN_DELAY_MS = 1_000;

export interface ApplyThread {
  kick(): void;
  idle(): Promise<void>;
  unstage(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the event worker in a worker thread (SQLite on a file only), so applying uses the second
 * core instead of competing with HTTP and ingest. Both threads write under one shared lock, the
 * request thread first; the thread's Stripe reads are made here, with the app's own client.
 */
export function startApplyThread(ctx: ApplyContext, storage: string, options: WorkerOptions = {}): ApplyThread {
  const cells = sharedLockCells();
  const lock = new SharedWriteLock(cells, 'ingest');
  ctx.db.guardWrites(lock);
  const data: ApplyThreadData = { storage, lock: cells, logLevel: ctx.log.level, options };
  const idles = new Map<number, () => void>();
  let nextIdle = 0;
  let stopping = false;
  let stopped: (() => void) | null = null;
  /** false between a thread's death and its replacement: a message sent then would go nowhere */
  let alive = false;
  let worker = spawn();

  function spawn(): Worker {
    const thread = new Worker(BOOT, { eval: true, workerData: data, resourceLimits: HEAP_LIMITS });
    thread.unref();
    alive = true;
    thread.on('message', (message: FromApplyThread) => {
      if (message.kind === 'idle' || message.kind === 'unstaged') {
        idles.get(message.id)?.();
        idles.delete(message.id);
      } else if (message.kind === 'stopped') stopped?.();
      else if (message.kind === 'read') {
        const reply = (result: Omit<Extract<ToApplyThread, { kind: 'read-result' }>, 'kind' | 'id'>) => send({ kind: 'read-result', id: message.id, ...result });
        performRead(ctx.stripe, message.read).then(
          (value) => reply({ value }),
          (error: unknown) => reply(readFailure(error)),
        );
      }
    });
    thread.on('error', (err) => ctx.log.error({ err }, 'the webhook apply thread failed'));
    thread.on('exit', () => {
      // A thread that died mid-transaction must not leave the database locked, nor idle() waiting.
      lock.releaseApplyHold();
      alive = false;
      for (const done of idles.values()) done();
      idles.clear();
      stopped?.();
      if (!stopping) setTimeout(() => (worker = spawn()), RESPAWN_DELAY_MS).unref();
    });
    return thread;
  }

  function send(message: ToApplyThread): void {
    worker.postMessage(message);
  }

  /** A request the thread answers with the same id once done (or dies first). */
  function ask(kind: 'idle' | 'unstage'): Promise<void> {
    return new Promise<void>((resolve) => {
      // The next thread starts by applying (and unstaging) whatever is stored.
      if (!alive) return resolve();
      const id = ++nextIdle;
      idles.set(id, resolve);
      send({ kind, id });
    });
  }

  return {
    kick: () => send({ kind: 'kick' }),
    idle: () => ask('idle'),
    unstage: () => ask('unstage'),
    async stop() {
      if (stopping) return;
      stopping = true;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        send({ kind: 'stop' });
      });
      await worker.terminate();
    },
  };
}
