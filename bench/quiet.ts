// Waits for the machine to be quiet before a benchmark run: every figure here is measured on the
// same 2 cores as the load generator, so anything else running (a test suite, another benchmark,
// a build) halves them. A README table taken with other work on the machine (load 1.5 at its
// start) understated the lists by a third to a half against the same build on a quiet one;
// `npm run bench` now waits for the 1-minute load average to settle and names the processes
// that were busy when it started.
import { loadavg } from 'node:os';
import { allPids, procStat, TICKS_PER_SECOND } from './procStat';

export interface Quiet {
  /** the 1-minute load average when the wait ended */
  load: number;
  waitedSeconds: number;
  /** other processes that used more than a tenth of a core over one second when the wait ended */
  busy: { pid: number; command: string; cpuPercent: number }[];
}

const loadNow = () => loadavg()[0]!;

/** CPU ticks used so far by every process, by pid, with its command name. */
function cpuTicks(): Map<number, { command: string; ticks: number }> {
  const ticks = new Map<number, { command: string; ticks: number }>();
  for (const pid of allPids()) {
    const stat = procStat(pid);
    if (stat) ticks.set(pid, { command: stat.command, ticks: stat.cpuTicks });
  }
  return ticks;
}

async function busyProcesses(): Promise<Quiet['busy']> {
  const before = cpuTicks();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const busy: Quiet['busy'] = [];
  for (const [pid, now] of cpuTicks()) {
    const used = now.ticks - (before.get(pid)?.ticks ?? now.ticks);
    const cpuPercent = Math.round((used / TICKS_PER_SECOND) * 100);
    if (pid !== process.pid && cpuPercent > 10) busy.push({ pid, command: now.command, cpuPercent });
  }
  return busy;
}

/** Polls until the 1-minute load average is under `below`, for at most `maxSeconds`. */
export async function waitForQuiet(below = 1, maxSeconds = 180): Promise<Quiet> {
  const started = Date.now();
  while (loadNow() >= below && Date.now() - started < maxSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
  return { load: loadNow(), waitedSeconds: Math.round((Date.now() - started) / 1000), busy: await busyProcesses() };
}
