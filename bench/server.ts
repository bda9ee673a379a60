import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startCommand } from './startCommand';

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
  // The V8 flags and environment `npm start` gives the server (bench/startCommand.ts says why).
  const start = startCommand();
  const child = spawn(process.execPath, [...start.nodeFlags, ...nodeArgs, ...(await serverEntry())], {
    env: {
      ...process.env,
      ...start.env,
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
