import cliProgress, { type Options, type Params } from 'cli-progress';

// cli-progress is CommonJS: Node's ESM loader gives its exports as the default one only.
const { Format, SingleBar } = cliProgress;
import type { SyncProgress } from '../server/billing/reconcile';

/**
 * One line of `npm run sync`: objects done of the estimated total, the rate, the time left, and
 * the Stripe requests sent (with how many met a 429 and were sent again). Stripe's lists carry no
 * total (server/billing/syncProgress.ts says how the estimate is made); with none to go by, a
 * first sync shows what is done and the rate only.
 */
export function describeProgress(progress: SyncProgress, elapsedMs: number, bar: string, options: Options): string {
  const rate = elapsedMs > 0 ? progress.done / (elapsedMs / 1000) : 0;
  const requests = `${progress.requests} requests${progress.rateLimited ? `, ${progress.rateLimited} rate-limited` : ''}`;
  const perSecond = `${rate.toFixed(rate < 10 ? 1 : 0)} objects/s`;
  if (progress.estimate === null) return `${progress.stage.padEnd(18)} ${progress.done} objects | ${perSecond} | ${requests}`;
  const total = Math.max(progress.estimate, progress.done);
  const left = rate > 0 ? Math.ceil((total - progress.done) / rate) : null;
  const eta = left === null ? '?' : Format.TimeFormat(left, options, 1);
  return `${progress.stage.padEnd(18)} [${bar}] ${progress.done}/~${total} objects | ${perSecond} | ETA ${eta} | ${requests}`;
}

/** The bar on stderr, redrawn as the sync reports progress; on a non-terminal, a line every few seconds. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(progress: SyncProgress): void; stop(): void } {
  let latest: SyncProgress = { stage: 'customers', done: 0, estimate: null, requests: 0, rateLimited: 0 };
  const started = Date.now();
  const bar = new SingleBar({
    stream,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    hideCursor: true,
    format: (options: Options, params: Params) => describeProgress(latest, Date.now() - started, Format.BarFormat(params.progress, options), options),
  });
  bar.start(1, 0);
  return {
    update(progress) {
      latest = progress;
      const total = Math.max(progress.estimate ?? 0, progress.done, 1);
      bar.setTotal(total);
      bar.update(progress.done);
    },
    stop: () => bar.stop(),
  };
}
