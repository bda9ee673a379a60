import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Encoded } from './codec';
import { reviveDecimals } from './codec';

export const FORMAT_VERSION = 1;

export interface DataFile {
  version: number;
  saved_at: string;
  store: Record<string, Encoded>;
}

/** Write to a sibling temp file, then rename: a crash mid-write leaves the previous file intact. */
export function writeAtomically(path: string, data: DataFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(data));
  renameSync(temp, path);
}

/** null when there is no file yet; a file that is not ours is an error rather than silently overwritten. */
export function readDataFile(path: string): DataFile | null {
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'), reviveDecimals);
  if (!isDataFile(parsed)) throw new Error(`${path} is not an emulator data file (format ${FORMAT_VERSION})`);
  return parsed;
}

function isDataFile(v: unknown): v is DataFile {
  if (typeof v !== 'object' || v === null) return false;
  const store: unknown = Reflect.get(v, 'store');
  return Reflect.get(v, 'version') === FORMAT_VERSION && typeof store === 'object' && store !== null;
}
