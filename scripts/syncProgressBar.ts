import cliProgress, { type Options, type Params } from 'cli-progress';

// cli-progress is CommonJS: Node's ESM loader gives its exports as the default one only.
const { Format, SingleBar } = cliProgress;
import type { SyncProgress } from '../server/billing/reconcile';
import { STAGES, type StageProgress } from '../server/billing/syncProgress';

const SHORT: Record<(typeof STAGES)[number], string> = {
  customers: 'customers',
  subscriptions: 'subscriptions',
  invoices: 'invoices',
  'unlisted customers': 'unlisted',
};

/** One stage: `invoices 12000/~50000`, `customers 1000 ✓` once read to the end, `invoices …` before it starts. */
function describeStage(name: string, stage: StageProgress, current: boolean): string {
  if (stage.finished) return `${name} ${stage.done} ✓`;
  if (!stage.done && !current) return `${name} …`;
  return stage.estimate === null ? `${name} ${stage.done}` : `${name} ${stage.done}/~${Math.max(stage.estimate, stage.done)}`;
}

/**
 * One line of `npm run sync`: the bar over the estimated total, each object type's count, objects
 * and Stripe requests per second against the configured rate, the time left, and the requests sent
 * (with how many met a 429 and were sent again). Stripe's lists carry no total
 * (server/billing/syncProgress.ts says how the estimate is made); with none to go by, a first sync
 * shows what is done and the rates only.
 */
export function describeProgress(progress: SyncProgress, elapsedMs: number, bar: string, options: Options, perSecond?: number): string {
  // Rates over at least a second: the pace lets a second's requests go at once, and 3 requests in
  // 40 ms are 3 in that second, not "75/25 req/s".
  const seconds = Math.max(elapsedMs / 1000, 1);
  // Objects applied by the run this one resumed were not read now: they do not count in the rate.
  const rate = (progress.done - progress.resumed) / seconds;
  const requestRate = progress.requests / seconds;
  const stages = STAGES.filter((s) => s !== 'unlisted customers' || progress.stages[s].done > 0 || progress.stage === s)
    .map((s) => describeStage(SHORT[s], progress.stages[s], progress.stage === s))
    .join(', ');
  const requests = `${progress.requests} requests${progress.rateLimited ? `, ${progress.rateLimited} rate-limited` : ''}`;
  const rates = `${rate.toFixed(rate < 10 ? 1 : 0)} objects/s, ${requestRate.toFixed(requestRate < 10 ? 1 : 0)}${perSecond ? `/${perSecond}` : ''} req/s`;
  const resumed = progress.resumed ? ` | resumed after ${progress.resumed}` : '';
  if (progress.estimate === null) return `${stages} | ${rates} | ${requests}${resumed}`;
  const total = Math.max(progress.estimate, progress.done);
  const left = rate > 0 ? Math.ceil((total - progress.done) / rate) : null;
  const eta = left === null ? '?' : Format.TimeFormat(left, options, 1);
  return `[${bar}] ${stages} | ${rates} | ETA ${eta} | ${requests}${resumed}`;
}

/**
 * The bar on stderr, redrawn as the sync reports progress; on a non-terminal (a log file, CI),
 * a plain line every five seconds instead.
 */
export function progressBar(
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  perSecond?: number,
  notTTYSchedule = 5_000,
): { update(progress: SyncProgress): void; stop(): void } {
  let latest: SyncProgress | null = null;
  const started = Date.now();
  const bar = new SingleBar({
    stream,
    noTTYOutput: true,
    notTTYSchedule,
    hideCursor: true,
    barsize: 20,
    format: (options: Options, params: Params) =>
      latest ? describeProgress(latest, Date.now() - started, Format.BarFormat(params.progress, options), options, perSecond) : 'starting…',
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
