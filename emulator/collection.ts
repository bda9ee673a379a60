export interface Stored {
  id: string;
  created: number;
}

/**
 * One resource type's objects. Insertion order is creation order, which is the order Stripe
 * lists by (newest first) even when several objects share the same `created` second.
 */
export class Collection<T extends Stored> {
  private readonly byId = new Map<string, T>();
  private readonly order: string[] = [];
  /** id → index in `order`, built when a cursor is first looked up and dropped when removals shift the order. */
  private positions: Map<string, number> | null = null;

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  insert(obj: T): T {
    if (this.byId.has(obj.id)) throw new Error(`duplicate id ${obj.id}`);
    this.byId.set(obj.id, obj);
    this.positions?.set(obj.id, this.order.length);
    this.order.push(obj.id);
    return obj;
  }

  /** Replaces a stored object; objects are replaced, never edited in place, so events keep their snapshot. */
  replace(obj: T): T {
    if (!this.byId.has(obj.id)) throw new Error(`unknown id ${obj.id}`);
    this.byId.set(obj.id, obj);
    return obj;
  }

  remove(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    const i = this.order.indexOf(id);
    if (i >= 0) this.order.splice(i, 1);
    this.positions = null;
    return true;
  }

  /** Newest first, as Stripe lists. */
  newestFirst(filter?: (obj: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const obj = this.byId.get(this.order[i]);
      if (obj && (!filter || filter(obj))) out.push(obj);
    }
    return out;
  }

  /**
   * Up to `count` matches next to the object `from` (not included), walking towards older objects
   * (`older`) or newer ones, closest first; without `from`, from the newest object down. Walks only
   * as far as it needs, so a page deep into a long list costs the page, not the list. Null: `from`
   * is not stored, or does not match.
   */
  walk(from: string | undefined, older: boolean, match: (obj: T) => boolean, count: number): T[] | null {
    let i = this.order.length;
    if (from !== undefined) {
      if (!this.positions) this.positions = new Map(this.order.map((id, at) => [id, at]));
      const at = this.positions.get(from);
      const obj = at === undefined ? undefined : this.byId.get(from);
      if (at === undefined || !obj || !match(obj)) return null;
      i = at;
    } else if (!older) {
      return null;
    }
    const out: T[] = [];
    for (let j = older ? i - 1 : i + 1; out.length < count && j >= 0 && j < this.order.length; j += older ? -1 : 1) {
      const obj = this.byId.get(this.order[j]!);
      if (obj && match(obj)) out.push(obj);
    }
    return out;
  }

  /** Removes every match in one pass; `remove` per object would be quadratic on large collections. */
  removeWhere(match: (obj: T) => boolean): number {
    const before = this.order.length;
    let kept = 0;
    for (const id of this.order) {
      const obj = this.byId.get(id);
      if (obj && match(obj)) this.byId.delete(id);
      else this.order[kept++] = id;
    }
    this.order.length = kept;
    if (kept !== before) this.positions = null;
    return before - kept;
  }

  /** Creation order, oldest first: the form persistence writes, and `load` reads back. */
  toJSON(): T[] {
    const out: T[] = [];
    for (const id of this.order) {
      const obj = this.byId.get(id);
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Replaces the contents with objects in creation order, as `toJSON` wrote them. */
  load(items: readonly T[]): void {
    this.clear();
    for (const obj of items) this.insert(obj);
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.order.length = 0;
    this.positions = null;
  }
}
