import type { Reader } from '../db/readPool';
import type { SqlValue } from '../db/sql';
import type { Dialect } from '../db/sequelize';
import { perDatabase } from '../db/perDatabase';

/**
 * Issue 17: any page of any filter and sort of a big list (payments, invoices) in about the time
 * of its first page, with the exact total.
 *
 * A COUNT(*) over a filter, an OFFSET of 500,000 or a sort of every match costs tens to hundreds
 * of milliseconds on a million rows, whatever the indexes; the list is read far more often than
 * it changes. So for a (filter, sort) the ids of every match, in order, are read once (one
 * statement, which also reads the list's change counter, `list_changes`, migration 028) and kept
 * here; a page is then 25 ids sliced from them and a primary-key read of those rows, and the
 * total is their number.
 *
 * Exactness: the triggers bump the counter in every transaction that adds, removes or moves a row
 * of the list (a filtered or sorted column). The statement reading a page's rows reads the counter
 * too; only when it is the one the ids were read at are the ids used, so the page and its total
 * are those the plain query would give on the same snapshot. Otherwise the caller answers with
 * the plain query and the ids are read again (once, whoever asks meanwhile waits for that read).
 *
 * DESC lists are ASC lists read from the other end: `ORDER BY f DESC, id DESC` is exactly the
 * reverse of `ORDER BY f ASC, id ASC` (NULLs included: each dialect puts them at one end for ASC
 * and at the other for DESC), so one read serves both directions.
 */

/** The most ids kept per list and database (4 bytes each): a million-row list takes 4 MB (32 MB at most). */
const MAX_IDS = 8_000_000;
/** The most (filter, sort) entries kept; a customer's or an invoice's list is a handful of ids. */
const MAX_ENTRIES = 2_000;
/** A list whose ids were stale on first use is not cached again for this long (writes are going on). */
const BACK_OFF_MS = 2_000;

export interface IdList {
  /** the change counter the ids were read at */
  version: string;
  /** ascending order (`field ASC, id ASC`) */
  ids: Int32Array;
}

/** "1,2,3" → Int32Array, without a string per id (a million ids in ~10 ms). */
function parseIds(text: string | null): Int32Array {
  if (!text) return new Int32Array(0);
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const ids = new Int32Array(count);
  let n = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      ids[n++] = value;
      value = 0;
    } else value = value * 10 + (c - 48);
  }
  ids[n] = value;
  return ids;
}

/** The page's ids, in the requested direction. */
export function sliceIds(list: IdList, direction: 'ASC' | 'DESC', start: number, limit: number): number[] {
  const length = list.ids.length;
  const out: number[] = [];
  for (let i = start; i < Math.min(length, start + limit); i++) out.push(list.ids[direction === 'ASC' ? i : length - 1 - i]!);
  return out;
}

/** SQL reading the list's change counter (a SUM over its shards), as one value named `v`. */
export const versionSql = (list: string) => `SELECT SUM(n) AS v FROM list_changes WHERE list = '${list}'`;

/**
 * One statement reading the counter and every matching id in ascending order: `match` is
 * `FROM <table> <alias> [WHERE ...]`, `order` the ascending sort columns ending with the id.
 */
export function idsSql(dialect: Dialect, list: string, idColumn: string, match: string, order: string): string {
  const aggregate = dialect === 'sqlite' ? `group_concat(${idColumn}, ',' ORDER BY ${order})` : `string_agg(${idColumn}::text, ',' ORDER BY ${order})`;
  return `SELECT (${versionSql(list)}) AS v, (SELECT ${aggregate} ${match}) AS ids`;
}

/** Ids as one bound parameter, whatever their number: a JSON array for SQLite, an array literal for PostgreSQL. */
export const idsParam = (dialect: Dialect, ids: number[]) => (dialect === 'sqlite' ? `[${ids.join(',')}]` : `{${ids.join(',')}}`);
/** `column` is one of the ids bound as `param`. */
export const idsMatch = (dialect: Dialect, column: string, param: string) =>
  dialect === 'sqlite' ? `${column} IN (SELECT value FROM json_each(${param}))` : `${column} = ANY(${param}::int[])`;

interface Slot {
  list?: IdList;
  reading?: Promise<IdList>;
  /** until when this key is answered by the plain query (its ids went stale as soon as read) */
  backOffUntil?: number;
  /** whether the ids have answered a page since they were read */
  used?: boolean;
}

export class IdListCache {
  private readonly slots = new Map<string, Slot>();
  private size = 0;
  /** what happened, for tests and diagnostics: id lists read, pages they answered, lists found stale */
  readonly stats = { reads: 0, pages: 0, stale: 0 };

  /** The cached ids of `key`, read now if need be; null when the plain query should answer. */
  async get(key: string, reader: Reader, sql: string, params: readonly SqlValue[]): Promise<IdList | null> {
    const slot = this.slots.get(key) ?? {};
    if (slot.backOffUntil && slot.backOffUntil > Date.now()) return null;
    if (slot.list) {
      // Most recently used last, so eviction takes the oldest first.
      this.slots.delete(key);
      this.slots.set(key, slot);
      return slot.list;
    }
    if (!slot.reading) {
      this.stats.reads++;
      slot.reading = (async () => {
        const [row] = await reader.select<{ v: number | string | null; ids: string | null }>(sql, params);
        return { version: String(row?.v ?? 0), ids: parseIds(row?.ids ?? null) };
      })();
      this.slots.set(key, slot);
      slot.reading
        .then((list) => {
          if (this.slots.get(key) !== slot) return;
          slot.list = list;
          this.size += list.ids.length;
          this.evict();
        })
        .catch(() => undefined)
        .finally(() => {
          slot.reading = undefined;
          if (!slot.list && this.slots.get(key) === slot && !slot.backOffUntil) this.slots.delete(key);
        });
    }
    return slot.reading;
  }

  /** The ids of `key` did not match the counter a page was read at: read them again next time. */
  stale(key: string, list: IdList): void {
    const slot = this.slots.get(key);
    this.stats.stale++;
    if (!slot || slot.list !== list) return;
    this.size -= list.ids.length;
    slot.list = undefined;
    // Ids that were already stale when first used: writes are under way, let them settle.
    if (!slot.used) slot.backOffUntil = Date.now() + BACK_OFF_MS;
    slot.used = false;
  }

  /** The ids of `key` answered a page (they were current). */
  used(key: string): void {
    this.stats.pages++;
    const slot = this.slots.get(key);
    if (slot) slot.used = true;
  }

  private evict(): void {
    for (const [key, slot] of this.slots) {
      if (this.size <= MAX_IDS && this.slots.size <= MAX_ENTRIES) return;
      if (!slot.list) continue;
      this.size -= slot.list.ids.length;
      this.slots.delete(key);
    }
  }
}

/** The id lists of one list (payments, invoices) of one database. */
export const idListCache = perDatabase(() => new IdListCache());
