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

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  insert(obj: T): T {
    if (this.byId.has(obj.id)) throw new Error(`duplicate id ${obj.id}`);
    this.byId.set(obj.id, obj);
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
  }
}
