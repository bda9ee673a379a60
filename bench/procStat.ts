// One process's line of /proc/<pid>/stat (proc(5)), read by the benches that measure processes:
// the startup bench's process tree, the webhook bench's CPU time, and the quiet-machine check.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in clock ticks of 1/100 s. */
export const TICKS_PER_SECOND = 100;

export interface ProcStat {
  command: string;
  ppid: number;
  /** user plus system CPU time of all its threads so far, in clock ticks */
  cpuTicks: number;
}

/** null when the process has ended (or never was). */
export function procStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command is in parentheses and may hold spaces and ')': the fields start after the last one.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // After the command: state, ppid, ... utime and stime (fields 14 and 15 of proc(5)).
  return { command: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

/** Every process's pid. */
export function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}
