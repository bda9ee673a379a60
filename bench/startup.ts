// Issue 17: `npm start` as a user runs it, on the default embedded configuration (SQLite, the
// Stripe emulator, the demo catalog and owner seeded into a fresh database): how long until
// /healthz answers 200, and the resident memory of the whole process tree (npm and every process
// under it) once idle. Targets: ≤ 2 s and ≤ 120 MB. Run alone: npx tsx bench/startup.ts [runs].
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server';
import { allPids, procStat } from './procStat';
import { distinctResidentKb } from './residentPages';
import { startCommand } from './startCommand';

export const STARTUP_TARGETS = { healthzMs: 2_000, treeRssMb: 120 };

/** How long the tree sits idle after /healthz first answers, before its memory is read. */
const IDLE_MS = 5_000;
const HEALTHZ_TIMEOUT_MS = 60_000;

export interface StartupFigures {
  /** from spawning `npm start` to the first 200 from /healthz */
  healthzMs: number;
  /** the sum of VmRSS over npm and its descendants after IDLE_MS idle */
  treeRssMb: number;
  /** the same tree's proportional set size (shared pages split between the processes that map them) */
  treePssMb: number;
  /**
   * The physical memory the tree holds, each page counted once (npm and the server share node's
   * code and data, which the sum of VmRSS counts twice); null where frames cannot be read.
   */
  treeDistinctMb: number | null;
  processes: { pid: number; name: string; rssMb: number }[];
  /** the 1-minute load average when the memory was read (the machine may be shared) */
  load: number;
  /**
   * What every `npm start` on the client's stack holds before doing anything: npm's own process
   * (as measured in this run) plus a node process that has only loaded the stack's packages.
   */
  floor: { npmMb: number; stackOnlyMb: number; totalMb: number };
}

/** The packages the client chose for the server (the brief's stack), none of Recur's own code. */
const STACK_PACKAGES = ['hono', '@hono/node-server', 'sequelize', 'sqlite3', 'stripe'];

/** The resident memory of a node that loads STACK_PACKAGES and idles, with npm start's flags. */
async function stackOnlyRssMb(): Promise<number> {
  const script = `for (const name of ${JSON.stringify(STACK_PACKAGES)}) await import(name);
setTimeout(() => { console.log(process.memoryUsage().rss); process.exit(0); }, 1000);`;
  const start = startCommand();
  const child = spawn(process.execPath, [...start.nodeFlags, '--input-type=module', '-e', script], {
    env: { ...process.env, ...start.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return Math.round((Number(out.trim()) / 2 ** 20) * 10) / 10;
}

/** The pid and every descendant, from each process's parent in /proc/<pid>/stat. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const stat = procStat(pid);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function kb(text: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
}

function memoryOf(pid: number): { name: string; rssKb: number; pssKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    let pssKb = 0;
    try {
      pssKb = kb(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      // older kernels: no smaps_rollup
    }
    return { name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?', rssKb: kb(status, 'VmRSS'), pssKb };
  } catch {
    return null;
  }
}

async function waitForHealthz(url: string, exited: Promise<unknown>, output: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + HEALTHZ_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`npm start exited before /healthz answered:\n${output().slice(-2000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`/healthz did not answer within ${HEALTHZ_TIMEOUT_MS} ms:\n${output().slice(-2000)}`);
}

/** One `npm start` on a fresh database and free ports; stopped (SIGTERM, as Ctrl-C would) afterwards. */
export async function runStartupBench(): Promise<StartupFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'recur-startup-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    EMULATOR_PORT: String(await freePort()),
    DATABASE_URL: `sqlite:${join(dir, 'recur.sqlite')}`,
  };
  // Nothing the caller set may change what is measured: the defaults, as on a fresh clone.
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'EMULATOR_URL', 'PUBLIC_URL', 'ADMIN_PASSWORD', 'LOG_LEVEL', 'NODE_ENV', 'NODE_OPTIONS'])
    delete env[name];
  const started = performance.now();
  // Its own process group, so whatever is left can be stopped together at the end.
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  try {
    await waitForHealthz(`http://127.0.0.1:${port}/healthz`, exited, () => output);
    const healthzMs = Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const processes = processTree(npm.pid!).flatMap((pid) => {
      const memory = memoryOf(pid);
      return memory ? [{ pid, ...memory }] : [];
    });
    const mb = (kbs: number) => Math.round(kbs / 102.4) / 10;
    const npmMb = mb(processes.find((p) => p.pid === npm.pid)?.rssKb ?? 0);
    const distinctKb = distinctResidentKb(processes.map((p) => p.pid));
    const stackOnlyMb = await stackOnlyRssMb();
    return {
      floor: { npmMb, stackOnlyMb, totalMb: Math.round((npmMb + stackOnlyMb) * 10) / 10 },
      healthzMs,
      treeRssMb: mb(processes.reduce((sum, p) => sum + p.rssKb, 0)),
      treePssMb: mb(processes.reduce((sum, p) => sum + p.pssKb, 0)),
      treeDistinctMb: distinctKb === null ? null : mb(distinctKb),
      processes: processes.map((p) => ({ pid: p.pid, name: p.name, rssMb: mb(p.rssKb) })),
      load: loadavg()[0]!,
    };
  } finally {
    npm.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    // Whatever outlived npm (a server its signal did not reach) would hold the output pipes open.
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // the whole group is gone
    }
    npm.stdout!.destroy();
    npm.stderr!.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench/startup.ts')) {
  const runs = Number(process.argv[2] ?? 1);
  (async () => {
    const all: StartupFigures[] = [];
    for (let run = 0; run < runs; run++) {
      const figures = await runStartupBench();
      all.push(figures);
      console.log(`run ${run + 1}: ${figures.processes.map((p) => `${p.name} ${p.rssMb} MB`).join(' + ')}  (load ${figures.load.toFixed(2)})`);
    }
    console.table(
      all.flatMap((f) => [
        {
          figure: 'spawn → /healthz 200, ms',
          value: f.healthzMs,
          target: `≤ ${STARTUP_TARGETS.healthzMs}`,
          met: f.healthzMs <= STARTUP_TARGETS.healthzMs,
          load: f.load.toFixed(2),
        },
        {
          figure: `idle RSS, ${f.processes.length} processes, MB`,
          value: f.treeRssMb,
          target: `≤ ${STARTUP_TARGETS.treeRssMb}`,
          met: f.treeRssMb <= STARTUP_TARGETS.treeRssMb,
          load: f.load.toFixed(2),
        },
        { figure: 'idle PSS (shared pages split), MB', value: f.treePssMb, target: '(for scale)', met: true, load: f.load.toFixed(2) },
        {
          figure: 'idle, each resident page counted once, MB',
          value: f.treeDistinctMb ?? '(unreadable)',
          target: '(for scale)',
          met: true,
          load: f.load.toFixed(2),
        },
        {
          figure: `floor: npm ${f.floor.npmMb} + node with only ${STACK_PACKAGES.join(', ')} ${f.floor.stackOnlyMb}, MB`,
          value: f.floor.totalMb,
          target: '(for scale)',
          met: true,
          load: f.load.toFixed(2),
        },
      ]),
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/startup.json', JSON.stringify({ at: new Date().toISOString(), runs: all }, null, 2));
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
