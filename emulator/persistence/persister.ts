import type { Store } from '../store';
import { decodeFields, encodeFields } from './codec';
import { FORMAT_VERSION, readDataFile, writeAtomically } from './file';

/** Long enough to batch a burst of requests (a test clock advance publishes thousands of events) into one write. */
const DEBOUNCE_MS = 250;

/**
 * Keeps the Store in a JSON file: loaded once at start, written again shortly after changes and
 * on close. Writes are synchronous so a save never sees half an update; the debounce keeps them rare.
 */
export class Persister {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly path: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Loads the file if it exists; returns whether it did. */
  load(): boolean {
    const data = readDataFile(this.path);
    if (!data) return false;
    decodeFields(this.store, data.store);
    this.log(`state loaded from ${this.path}`);
    return true;
  }

  markDirty(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.save();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      writeAtomically(this.path, { version: FORMAT_VERSION, saved_at: new Date().toISOString(), store: encodeFields(this.store) });
    } catch (err) {
      // A failed save must not take the emulator down; the next change (or close) tries again.
      this.log(`could not save state to ${this.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Always writes, so the file reflects the final state even if nothing marked it dirty. */
  close(): void {
    this.save();
  }
}
