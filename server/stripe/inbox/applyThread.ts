import { Worker } from 'node:worker_threads';
import type { StripeConnection } from '../client';
import type { HandlerContext } from '../handlers';
import type { ApplyThreadData, FromApplyThread, ToApplyThread } from './protocol';
import { sharedLockCells, SharedWriteLock } from './sharedLock';
import type { WorkerOptions } from './worker';
import type { IntakeCounter } from './intakeYield';

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

/**
 * A thread with nothing to apply for this long is stopped: an idle one holds ~38 MB resident (its
 * own V8 heap, Sequelize and SQLite connections), most of a quiet shop's day. The next delivery
 * starts one again, in about half a second, while intake goes on storing.
 */
export const RETIRE_AFTER_MS = 60_000;

export interface ApplyThread {
  kick(): void;
  idle(): Promise<void>;
  /** every delivery recorded so far is in stripe_events (the thread moves what is staged) */
  readable(): Promise<void>;
  /** whether a thread is running now (it is started on demand and stopped when idle) */
  running(): boolean;
  stop(): Promise<void>;
}

export interface ApplyThreadOptions extends WorkerOptions {
  /** stop the thread after this long without work (tests shorten it) */
  retireAfterMs?: number;
}

/**
 * Whether a thread is needed: deliveries staged or events pending, or failed events that wait for
 * an automatic retry (the thread's poll picks them up when due).
 */
export type WorkWaiting = () => Promise<boolean>;

/**
 * Runs the event worker in a worker thread (SQLite on a file only), so applying uses the second
 * core instead of competing with HTTP and ingest. Both threads write under one shared lock, the
 * request thread first; the thread reads from Stripe with a client of its own, built from `stripe`.
 *
 * The thread runs only while there is work: it is started when work is found at start-up or
 * kicked in, and stopped once it has been idle for `retireAfterMs` with nothing waiting.
 */
export function startApplyThread(
  ctx: Pick<HandlerContext, 'db' | 'log'>,
  stripe: StripeConnection,
  storage: string,
  workWaiting: WorkWaiting,
  intake: IntakeCounter,
  options: ApplyThreadOptions = {},
): ApplyThread {
  const { retireAfterMs = RETIRE_AFTER_MS, ...workerOptions } = options;
  const cells = sharedLockCells();
  const lock = new SharedWriteLock(cells, 'ingest');
  ctx.db.guardWrites(lock);
  const data: ApplyThreadData = { storage, lock: cells, intake: intake.buffer, logLevel: ctx.log.level, stripe, options: workerOptions };
  const idles = new Map<number, () => void>();
  let nextIdle = 0;
  let stopping = false;
  /** resolves the wait for the running thread's 'stopped' */
  let stopped: (() => void) | null = null;
  /** the running thread; null while none is needed (or between a crash and its replacement) */
  let worker: Worker | null = null;
  /** false between a thread's death and its replacement: a message sent then would go nowhere */
  let alive = false;
  /** set while a thread is being stopped for idleness: what comes in meanwhile starts a new one */
  let retiring: Promise<void> | null = null;
  let wantedWhileRetiring = false;
  let lastWork = Date.now();
  /** threads asked to stop (shut-down or idleness): their exit is not a crash to recover from */
  const leaving = new WeakSet<Worker>();

  function spawn(): void {
    const thread = new Worker(BOOT, { eval: true, workerData: data, resourceLimits: HEAP_LIMITS });
    thread.unref();
    worker = thread;
    alive = true;
    lastWork = Date.now();
    thread.on('message', (message: FromApplyThread) => {
      if (message.kind === 'idle' || message.kind === 'readable') {
        idles.get(message.id)?.();
        idles.delete(message.id);
      } else if (message.kind === 'stopped') stopped?.();
    });
    thread.on('error', (err) => ctx.log.error({ err }, 'the webhook apply thread failed'));
    thread.on('exit', () => {
      // A thread that died mid-transaction must not leave the database locked, nor idle() waiting.
      lock.releaseApplyHold();
      alive = false;
      if (worker === thread) worker = null;
      for (const done of idles.values()) done();
      idles.clear();
      stopped?.();
      if (!stopping && !leaving.has(thread)) setTimeout(() => !stopping && !worker && spawn(), RESPAWN_DELAY_MS).unref();
    });
  }

  function send(message: ToApplyThread): void {
    if (alive) worker?.postMessage(message);
  }

  /** Asks the running thread to stop and waits until it has gone. */
  async function stopThread(): Promise<void> {
    const thread = worker;
    if (!thread || !alive) return;
    leaving.add(thread);
    await new Promise<void>((resolve) => {
      stopped = resolve;
      send({ kind: 'stop' });
    });
    stopped = null;
    alive = false;
    await thread.terminate();
    if (worker === thread) worker = null;
  }

  /** A request the running thread answers with the same id once done (or dies first). */
  function request(kind: 'idle' | 'readable'): Promise<void> {
    return new Promise<void>((resolve) => {
      // No thread: nothing is staged or pending (a delivery or kick starts one first); a thread
      // that died meanwhile is replaced by one that starts by applying whatever is stored.
      if (!alive) return resolve();
      const id = ++nextIdle;
      idles.set(id, resolve);
      send({ kind, id });
    });
  }

  /** request(), once the start-up check and a retirement under way are over. */
  async function ask(kind: 'idle' | 'readable'): Promise<void> {
    await startUp;
    await retiring;
    return request(kind);
  }

  function kick(): void {
    lastWork = Date.now();
    if (stopping) return;
    if (retiring) wantedWhileRetiring = true;
    else if (worker) send({ kind: 'kick' });
    else spawn();
  }

  /** Stops a thread that has had nothing to do for retireAfterMs, unless work waits for it. */
  async function retireIfIdle(): Promise<void> {
    if (!worker || !alive || retiring || stopping || Date.now() - lastWork < retireAfterMs) return;
    const since = lastWork;
    let done!: () => void;
    retiring = new Promise<void>((resolve) => (done = resolve));
    try {
      await request('idle');
      // A kick while it finished means work (kick() moves lastWork): it stays. So does a failed
      // event waiting for a retry.
      if (lastWork !== since || (await workWaiting())) return;
      await stopThread();
    } finally {
      retiring = null;
      done();
      if (wantedWhileRetiring && !stopping) {
        wantedWhileRetiring = false;
        if (worker) send({ kind: 'kick' });
        else spawn();
      }
    }
  }

  const retireCheck = setInterval(
    () => void retireIfIdle().catch((err: unknown) => ctx.log.warn({ err }, 'could not stop the idle webhook apply thread')),
    Math.min(retireAfterMs, 10_000),
  );
  retireCheck.unref();
  // At start-up, a thread only for deliveries a previous run left staged, pending or due for a retry.
  const startUp = workWaiting().then(
    (waiting) => waiting && kick(),
    (err: unknown) => {
      ctx.log.warn({ err }, 'could not look for webhook events left to apply; starting the apply thread');
      kick();
    },
  );

  return {
    kick,
    idle: () => ask('idle'),
    readable: () => ask('readable'),
    running: () => alive,
    async stop() {
      if (stopping) return;
      await startUp;
      stopping = true;
      clearInterval(retireCheck);
      await retiring;
      await stopThread();
    },
  };
}
