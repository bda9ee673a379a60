// How much physical memory a set of processes holds, each page counted once: summing VmRSS counts
// twice every page two processes share (npm and the server are both /usr/bin/node, and map the
// same ~40 MB of its code and data). Read from /proc/<pid>/pagemap (the kernel's
// admin-guide/mm/pagemap): one 64-bit entry per virtual page; bit 63 says the page is present
// and bits 0-54 name its physical frame. Frames are only shown to a privileged reader.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

const PAGE_KB = 4;
const PRESENT = 1n << 63n;
const FRAME = (1n << 55n) - 1n;
/** Entries read at once: 64 Ki of them (512 KiB) per read. */
const CHUNK_PAGES = 64 * 1024;

function addFramesOf(pid: number, frames: Set<bigint>): void {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
  const fd = openSync(`/proc/${pid}/pagemap`, 'r');
  const buffer = Buffer.alloc(CHUNK_PAGES * 8);
  try {
    for (const line of maps.split('\n')) {
      const range = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
      // [vsyscall] lies above the range pagemap can read.
      if (!range || line.endsWith('[vsyscall]')) continue;
      const first = Number(BigInt(`0x${range[1]}`) / 4096n);
      const end = Number(BigInt(`0x${range[2]}`) / 4096n);
      for (let page = first; page < end; page += CHUNK_PAGES) {
        const count = Math.min(CHUNK_PAGES, end - page);
        const bytes = readSync(fd, buffer, 0, count * 8, page * 8);
        for (let offset = 0; offset + 8 <= bytes; offset += 8) {
          const entry = buffer.readBigUInt64LE(offset);
          if (entry & PRESENT) frames.add(entry & FRAME);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The resident memory of these processes in kB with every physical page counted once; null when
 * the frames cannot be read (an unprivileged reader sees frame 0 for every page) or a process ended.
 */
export function distinctResidentKb(pids: number[]): number | null {
  const frames = new Set<bigint>();
  try {
    for (const pid of pids) addFramesOf(pid, frames);
  } catch {
    return null;
  }
  if (frames.size <= 1) return null;
  return frames.size * PAGE_KB;
}
