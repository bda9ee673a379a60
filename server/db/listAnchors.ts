import type { Reader } from './readPool';
import type { SqlValue } from './sql';
import { perDatabase } from './perDatabase';

/**
 * Issue 17: any page of any (filter, sort) of the generic lists (customers, subscriptions, webhook
 * events, notifications, the audit log) in about the time of a first page, with the exact total.
 *
 * An OFFSET of 500,000 walks half a million index entries, and a filter combination no index
 * serves in order (status and type together) reads every row of its broader half. So, for a
 * (filter, sort) that is costly to page, the matches are walked once in ascending order and their
 * positions kept ("anchors"): every match's key when there are few, else the (sort value, id) of
 * every step-th match, step chosen so a page never walks more than about total / 4096 of them.
 * A page is then read from its nearest anchor with a keyset condition, `(sort, id) >= anchor`,
 * and a short OFFSET; the total is the number the walk counted.
 *
 * Exactness, as paymentsPages.ts: the walk reads the list's change counter (`list_changes`,
 * migration 030) in the same statement, and so does every page read from anchors. A page is used
 * only when its counter is the anchors' one; otherwise the caller answers with the plain query.
 * The anchors are walked in the background: a request never waits for them.
 */

/**
 * allKeysMax: up to this many matches, every key is kept and a page is a primary-key read.
 * anchors: above it, this many anchors (a page then walks at most total / anchors matches).
 * directOffset: pages this near either end are read with a plain OFFSET (the indexes reach them).
 * The tests lower them to exercise every path on a few thousand rows.
 */
export const anchorSizes = { allKeysMax: 20_000, anchors: 4096, directOffset: 1000 };
/** The most keys kept per list and database, and the most (filter, sort) entries. */
const MAX_KEYS = 2_000_000;
const MAX_ENTRIES = 500;
/** After anchors went stale before any use (writes going on), the plain query answers this long, at least. */
const MIN_BACK_OFF_MS = 2_000;

export interface Anchors {
  /** the change counter they were walked at */
  version: string;
  /** the number of matches at that counter */
  total: number;
  /** 1: `keys` holds every match; else `keys[j]` is the (j × step)-th match */
  step: number;
  /** [sort value, id], ascending (`sort ASC, id ASC`); the sort value is null when sorting by id */
  keys: [SqlValue | null, SqlValue][];
}

/** Rows of an anchors walk: the counter, a key, its position, and whether it is the last match. */
export interface AnchorRow {
  v: number | string | null;
  /** null (with i, r, l and st) in the one row of a walk that matched nothing */
  s: unknown;
  i: number | string | null;
  r: number | string | null;
  l: number | boolean | null;
  /** the step the walk took (the text search's walk chooses it from its own count) */
  st: number | string | null;
}

/** Numbers and text go back as parameters as they came; a date (PostgreSQL's driver) as ISO text. */
function asParam(value: unknown): SqlValue | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? value : String(value);
}

export function stepFor(total: number): number {
  return total <= anchorSizes.allKeysMax ? 1 : Math.ceil(total / anchorSizes.anchors);
}

/** stepFor in SQL, of a count `n` (integer division rounds down: + anchors - 1 rounds up). */
export function stepSql(n: string): string {
  const { allKeysMax, anchors } = anchorSizes;
  return `CASE WHEN ${n} <= ${allKeysMax} THEN 1 ELSE (${n} + ${anchors - 1}) / ${anchors} END`;
}

interface Slot {
  anchors?: Anchors;
  walking?: boolean;
  done?: Promise<unknown>;
  used?: boolean;
  backOffUntil?: number;
  walkMs?: number;
}

export class AnchorCache {
  private readonly slots = new Map<string, Slot>();
  private size = 0;
  private readonly inFlight = new Set<Promise<void>>();
  /** for tests and diagnostics: walks made, pages they answered, anchors found stale */
  readonly stats = { walks: 0, pages: 0, stale: 0 };

  /** The anchors of `key` when they are ready (most recently used kept longest). */
  get(key: string): Anchors | null {
    const slot = this.slots.get(key);
    if (!slot?.anchors) return null;
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot.anchors;
  }

  /** The walk of `key` under way, if any: a request may wait for it rather than read the plain query beside it. */
  walking(key: string): Promise<unknown> | null {
    const slot = this.slots.get(key);
    return slot?.walking ? (slot.done ?? null) : null;
  }

  /** Walks the anchors of `key` in the background, unless they are being walked or backing off. */
  walk(key: string, reader: Reader, sql: string, params: SqlValue[]): void {
    const slot = this.slots.get(key) ?? {};
    if (slot.walking || slot.anchors || (slot.backOffUntil ?? 0) > Date.now()) return;
    slot.walking = true;
    this.slots.set(key, slot);
    this.stats.walks++;
    const started = Date.now();
    const walking = reader
      .selectLong<AnchorRow>(sql, params)
      .then((rows) => {
        if (this.slots.get(key) !== slot) return;
        slot.walkMs = Date.now() - started;
        if (!rows.length) return;
        // The last match is there for its position (the count), and is an anchor only on the step.
        // A single row without a key: nothing matched at that counter.
        const matched = rows.filter((r) => r.r !== null);
        const total = matched.length ? Number(matched[matched.length - 1]!.r) + 1 : 0;
        const step = matched.length ? Number(matched[0]!.st) : 1;
        const onStep = matched.filter((r) => Number(r.r) % step === 0);
        slot.anchors = { version: String(rows[0]!.v ?? 0), total, step, keys: onStep.map((r) => [asParam(r.s), asParam(r.i)!]) };
        slot.used = false;
        this.size += onStep.length;
        this.evict();
      })
      .catch(() => undefined)
      .finally(() => {
        slot.walking = false;
        this.inFlight.delete(walking);
      });
    slot.done = walking;
    this.inFlight.add(walking);
  }

  /** Resolves once no walk is under way (tests wait on it). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }

  /** The anchors of `key` no longer match the counter: walked again on a later request. */
  stale(key: string, anchors: Anchors): void {
    this.stats.stale++;
    const slot = this.slots.get(key);
    if (!slot || slot.anchors !== anchors) return;
    this.size -= anchors.keys.length;
    slot.anchors = undefined;
    // Stale before they answered anything: writes are going on. Walking again at once would
    // add a full walk to every request; wait at least ten walks' time.
    if (!slot.used) slot.backOffUntil = Date.now() + Math.max(MIN_BACK_OFF_MS, 10 * (slot.walkMs ?? 0));
  }

  used(key: string): void {
    this.stats.pages++;
    const slot = this.slots.get(key);
    if (slot) slot.used = true;
  }

  private evict(): void {
    for (const [key, slot] of this.slots) {
      if (this.size <= MAX_KEYS && this.slots.size <= MAX_ENTRIES) return;
      if (slot.walking) continue;
      this.size -= slot.anchors?.keys.length ?? 0;
      this.slots.delete(key);
    }
  }
}

/** The anchors of one list of one database. */
export const anchorCache = perDatabase(() => new AnchorCache());

/** Where a page of `limit` rows from ascending position `from` starts: the anchor at or before it, and how many to skip. */
export function nearestAnchor(anchors: Anchors, from: number): { key: [SqlValue | null, SqlValue]; skip: number } {
  const j = Math.floor(from / anchors.step);
  return { key: anchors.keys[j]!, skip: from - j * anchors.step };
}
