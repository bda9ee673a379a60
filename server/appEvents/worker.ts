import { performance } from 'node:perf_hooks';
import type { Database } from '../db/sequelize';
import type { Logger } from '../logger';
import { alertAdmins } from '../notify/alerts';
import { DEFAULT_DISABLE_AFTER_MS, DEFAULT_RETRY, type RetryPolicy } from './backoff';
import { claimDeliveries, deliveriesDue, type ClaimedDelivery } from './claims';
import { eventsWaiting, fanOut } from './fanOut';
import { changesWaiting, noticeStateChanges } from './notice';
import { attemptDelivery, type AttemptResult } from './send';
import { settleAttempts, type DisabledEndpoint } from './settle';
import { isoOf } from './stateRows';
import { pruneDelivered } from './retention';
import { announceEndedGraces } from './graceSweep';
import { passRunner } from '../jobs/passRunner';

export interface WebhookWorkerOptions {
  /** how often the tables are looked at for events written elsewhere (the apply thread, other instances) */
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
  /** an endpoint failing every attempt this long is disabled */
  disableAfterMs?: number;
  /** per request: connecting, the answer and the excerpt of its body */
  timeoutMs?: number;
  /** a claim older than this belonged to a worker that died: the delivery is due again */
  leaseMs?: number;
  /** requests in flight at once */
  concurrency?: number;
  /**
   * Whether a burst of Stripe deliveries is arriving (the inbox's `busy`): the worker then waits,
   * up to MAX_DEFER_MS, so its writes and requests take nothing from intake.
   */
  intakeBusy?: () => boolean;
  /** how often ended grace periods are looked for (GRACE_SWEEP_EVERY_MS) */
  graceSweepMs?: number;
  /** the time retries are scheduled by (tests pass a clock to walk through three days); signatures always carry the wall clock's */
  now?: () => Date;
}

export interface WebhookWorkerContext {
  db: Database;
  log: Logger;
  baseUrl: string;
}

export interface WebhookWorker {
  /** runs a pass now and resolves when it is done */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** deliveries claimed, sent and settled together; events fanned out per transaction */
const BATCH = 50;
const FAN_OUT_BATCH = 200;
/** customers compared with what the apps were last told, per transaction */
const NOTICE_BATCH = 200;
const BUSY_UTILIZATION = 0.5;
/** however long a burst lasts, deliveries wait no longer than this before they go, paced */
const MAX_DEFER_MS = 30_000;
/** finished deliveries older than a month are pruned this often (retention.ts) */
const PRUNE_EVERY_MS = 3_600_000;
/** how often grace periods that ran out on the clock are announced (graceSweep.ts) */
const GRACE_SWEEP_EVERY_MS = 60_000;

const wakers = new Map<Database, () => void>();

/** A replay or a new endpoint asks the running worker of its database to look now. */
export function wakeWebhookWorker(db: Database): void {
  wakers.get(db)?.();
}

async function sendAll(claimed: readonly ClaimedDelivery[], concurrency: number, timeoutMs: number) {
  const results: { delivery: ClaimedDelivery; result: AttemptResult }[] = [];
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) {
      const delivery = claimed[next++]!;
      results.push({ delivery, result: await attemptDelivery(delivery, timeoutMs) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
  return results;
}

/**
 * Outgoing webhooks' worker, in the request thread, paced like the e-mail outbox (notify/sender.ts):
 * fans new events out to endpoints, sends due deliveries, records the outcomes, retries with
 * backoff. A backlog drains in batches with pauses, and takes a smaller share while the thread is
 * busy with other work (a webhook burst): deliveries never slow webhook intake. All its state is
 * in the tables, so a restart, or another instance, picks up where it stopped.
 */
export function startWebhookWorker(ctx: WebhookWorkerContext, options: WebhookWorkerOptions = {}): WebhookWorker {
  const now = options.now ?? (() => new Date());
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const settleOptions = { retry, disableAfterMs: options.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = Math.max(options.leaseMs ?? 5 * 60_000, timeoutMs * 2);
  const concurrency = options.concurrency ?? 8;

  const tell = async (disabled: readonly DisabledEndpoint[]) => {
    for (const endpoint of disabled) {
      ctx.log.warn({ endpointId: endpoint.id, url: endpoint.url }, 'webhook endpoint disabled');
      await alertAdmins(ctx.db, ctx.baseUrl, {
        kind: `webhook-endpoint-${endpoint.id}`,
        title: `Webhook endpoint ${endpoint.url} was disabled`,
        details: `Every delivery to ${endpoint.url} has failed since ${isoOf(endpoint.failingSince)}, so Recur stopped sending to it. Fix the receiver, enable the endpoint again and replay the failed deliveries.`,
        adminPath: `#/webhook-endpoints/${endpoint.id}/show`,
      });
    }
  };

  // The pace holds across passes, not only within one: a poll or a wake-up that comes during the
  // rest after some work waits for it to end. At most a quarter of the time, a twentieth while
  // other work (a webhook burst) kept the thread busy since the last batch; a slow receiver's
  // wait is not work, so a rest is bounded.
  let restUntil = 0;
  let sinceLast = performance.eventLoopUtilization();
  let burstSince: number | null = null;
  let prunedAt = 0;
  let sweptAt = 0;
  /** during a burst of intake, up to MAX_DEFER_MS: the next poll looks again */
  const deferring = () => {
    if (!options.intakeBusy?.()) {
      burstSince = null;
      return false;
    }
    burstSince ??= Date.now();
    return Date.now() - burstSince < MAX_DEFER_MS;
  };
  const pass = async (): Promise<void> => {
    for (;;) {
      const rest = restUntil - Date.now();
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      if (runner.stopped || deferring()) return;
      const othersBusy = performance.eventLoopUtilization(sinceLast).utilization > BUSY_UTILIZATION;
      const started = Date.now();
      if (started - sweptAt >= (options.graceSweepMs ?? GRACE_SWEEP_EVERY_MS)) {
        sweptAt = started;
        await announceEndedGraces(ctx.db, now());
      }
      if (started - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = started;
        await pruneDelivered(ctx.db, now());
      }
      const noticed = (await changesWaiting(ctx.db)) ? await noticeStateChanges(ctx.db, NOTICE_BATCH, now()) : 0;
      const fanned = (await eventsWaiting(ctx.db)) ? await fanOut(ctx.db, FAN_OUT_BATCH, now()) : 0;
      const claimed = (await deliveriesDue(ctx.db, now())) ? await claimDeliveries(ctx.db, BATCH, leaseMs, now()) : [];
      const results = await sendAll(claimed, concurrency, timeoutMs);
      await tell(await settleAttempts(ctx.db, results, now(), settleOptions));
      const worked = Date.now() - started;
      if (noticed || fanned || claimed.length) restUntil = Date.now() + Math.min(2_000, Math.max(50, (othersBusy ? 19 : 3) * worked));
      sinceLast = performance.eventLoopUtilization();
      if ((noticed < NOTICE_BATCH && fanned < FAN_OUT_BATCH && claimed.length < BATCH) || runner.stopped) return;
    }
  };
  const runner = passRunner(pass, (err: unknown) => ctx.log.warn({ err }, 'outgoing webhooks could not be processed'));
  const kick = runner.kick;

  const wake = () => void kick();
  wakers.set(ctx.db, wake);
  const poll = setInterval(wake, options.pollMs ?? 500);
  poll.unref();
  void kick();

  return {
    flush: runner.flush,
    async stop() {
      clearInterval(poll);
      if (wakers.get(ctx.db) === wake) wakers.delete(ctx.db);
      await runner.stop();
    },
  };
}
