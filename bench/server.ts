import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export interface BenchServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The V8 flags `npm start` gives the server (package.json). A young generation of 4 MB
 * semi-spaces instead of V8's 16: the request thread's garbage is short-lived request data, and
 * 10 MB or more cost 40 MB of peak resident memory in bench/webhooks (221 against 181 MB).
 *
 * `--heap-growing-percent=30` was given too while each delivery built a full web Request around
 * a stream (issue 17): the heap then grew to 110–150 MB under a burst. Since intake stopped
 * building them (http/bodyLimits.tsx), the burst's peak is the same without it (181 MB both),
 * and without it the lists' more frequent old-generation collections are gone: the subscriptions
 * list went from 1,080 to 1,344 req/s.
 */
const NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * The environment `npm start` gives the server besides: glibc's malloc makes an arena per thread
 * (request thread, apply thread, libuv's pool) and their fragmentation is resident memory; two
 * arenas cut the webhook benchmark's peak by ~25 MB (246–252 MB → 219–224 MB) at the same rate.
 */
const NODE_ENV_EXTRA = { MALLOC_ARENA_MAX: '2' };

/**
 * The compiled server, as `npm start` runs it (built first when dist/ is older than the sources);
 * with BENCH_FROM_SOURCES=1, the TypeScript sources through tsx's loader instead (profiles then
 * name the source files; figures from before issue 17's compiled start were measured that way).
 * node itself in both cases, neither npm nor tsx's CLI in between, so signals reach the server.
 */
async function serverEntry(): Promise<string[]> {
  if (process.env.BENCH_FROM_SOURCES === '1') return ['--import', 'tsx', 'server/index.ts'];
  const { staleParts, buildParts } = await import('../scripts/build.mjs');
  const stale = staleParts().filter((part) => part === 'server');
  if (stale.length) await buildParts(stale);
  return ['dist/server/index.js'];
}

/**
 * Recur as `npm start` runs it, in its own process, so the load generator does not share its
 * event loop; on a fresh SQLite file with the embedded emulator.
 */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'recur-bench-'));
  // BENCH_NODE_ARGS (say `--cpu-prof --cpu-prof-dir=prof`) profiles the server under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, ...(await serverEntry())], {
    env: {
      ...process.env,
      ...NODE_ENV_EXTRA,
      PORT: String(port),
      EMULATOR_PORT: String(await freePort()),
      DATABASE_URL: `sqlite:${join(dir, 'recur.sqlite')}`,
      ADMIN_EMAIL: 'bench@recur.local',
      ADMIN_PASSWORD: 'bench password long enough',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Recur is running')) resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
