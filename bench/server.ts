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
 * V8 grows a heap after a collection by a factor it picks from the allocation rate (up to 4×);
 * under a webhook burst the request thread's heap reached 110–150 MB with 35–135 MB in use. At
 * 30%, it stayed near 60 MB: peak resident 177–188 MB against 238–270 MB, 4 runs each, the same
 * accepted rate within this machine's noise. (`--optimize-for-size` held 157 MB but cost 35% of
 * the rate.)
 */
const HEAP_GROWING = '--heap-growing-percent=30';

/**
 * The V8 flags `npm start` gives the server (package.json). A young generation of 4 MB
 * semi-spaces instead of V8's 16: the request thread's garbage is short-lived request data, and
 * the larger one is ~25 MB of resident memory the webhook benchmark's 250 MB budget cannot spare
 * (measured: peak 228–245 MB against 256–265 MB at 8 MB, same throughput).
 */
const NODE_FLAGS = ['--max-semi-space-size=4', HEAP_GROWING];

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
