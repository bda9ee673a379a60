import type { FormObject, FormValue } from './form';
import { invalidParam, missingParam, unknownParam } from './errors';

/** Stripe's default cap on a string parameter; fields with tighter limits check their own. */
export const MAX_STRING = 5000;

/**
 * Typed, consuming access to decoded request params. Each read marks the key as known, and
 * `done()` rejects what no handler read — Stripe answers unknown parameters with a 400 naming them.
 */
export class Params {
  private readonly seen = new Set<string>();
  private readonly children: Params[] = [];

  constructor(
    readonly raw: FormObject,
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private take(key: string): FormValue | undefined {
    this.seen.add(key);
    return this.raw[key];
  }

  string(key: string): string | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidParam(this.name(key), `Invalid string: ${this.name(key)}`);
    if (v.length > MAX_STRING) {
      throw invalidParam(this.name(key), `Invalid string: ${v.slice(0, 20)}...; must be at most ${MAX_STRING} characters`);
    }
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key);
    if (v === undefined || v === '') throw missingParam(this.name(key));
    return v;
  }

  /** `''` means "unset" in Stripe's form API, hence null. */
  nullableString(key: string): string | null | undefined {
    const v = this.string(key);
    return v === '' ? null : v;
  }

  integer(key: string, opts: { min?: number; max?: number } = {}): number | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidParam(this.name(key), `Invalid integer: ${v.slice(0, 40)}`);
    const n = Number(v);
    // Beyond 2^53 a JavaScript number no longer holds the integer that was sent.
    if (!Number.isSafeInteger(n)) throw invalidParam(this.name(key), `Invalid integer: ${v.slice(0, 40)}`);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      throw invalidParam(this.name(key), `Invalid integer: ${v}`);
    }
    return n;
  }

  /** An integer, or `''` to unset it (null). */
  nullableInteger(key: string, opts: { min?: number; max?: number } = {}): number | null | undefined {
    if (this.take(key) === '') return null;
    return this.integer(key, opts);
  }

  boolean(key: string): boolean | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw invalidParam(this.name(key), `Invalid boolean: ${v}`);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const found = allowed.find((a) => a === v);
    if (found === undefined) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${allowed.join(', ')}`);
    }
    return found;
  }

  stringArray(key: string): string[] | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (typeof v === 'string') {
      if (v === '') return [];
      throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
    }
    const items = Array.isArray(v) ? v : indexedValues(v);
    if (!items || items.some((x) => typeof x !== 'string')) {
      throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
    }
    return items.filter((x): x is string => typeof x === 'string');
  }

  object(key: string): Params | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (typeof v === 'string' || Array.isArray(v)) throw invalidParam(this.name(key), `Invalid object: ${this.name(key)}`);
    return this.adopt(new Params(v, this.name(key)));
  }

  private adopt(child: Params): Params {
    this.children.push(child);
    return child;
  }

  objectArray(key: string): Params[] | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    const items = Array.isArray(v) ? v : typeof v === 'object' ? indexedValues(v) : null;
    if (!items) throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
    return items.map((item, i) => {
      if (typeof item === 'string' || Array.isArray(item)) {
        throw invalidParam(`${this.name(key)}[${i}]`, `Invalid object: ${this.name(key)}[${i}]`);
      }
      return this.adopt(new Params(item, `${this.name(key)}[${i}]`));
    });
  }

  /** Stripe metadata: string values, keys ≤ 40 chars, values ≤ 500, at most 50 keys; '' clears. */
  metadata(key = 'metadata'): Record<string, string> | null | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (typeof v === 'string' || Array.isArray(v)) throw invalidParam(this.name(key), 'Invalid hash');
    const out: Record<string, string> = {};
    const entries = Object.entries(v);
    if (entries.length > 50) throw invalidParam(this.name(key), 'Metadata can have at most 50 keys.');
    for (const [k, val] of entries) {
      if (typeof val !== 'string') throw invalidParam(`${this.name(key)}[${k}]`, 'Invalid string');
      if (k.length > 40) throw invalidParam(`${this.name(key)}[${k}]`, 'Metadata keys must be at most 40 characters.');
      if (val.length > 500) throw invalidParam(`${this.name(key)}[${k}]`, 'Metadata values must be at most 500 characters.');
      out[k] = val;
    }
    return out;
  }

  /** Rejects keys no handler asked for, recursing into the nested objects that were read. */
  done(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.seen.has(key)) throw unknownParam(this.name(key));
    }
    for (const child of this.children) child.done();
  }
}

/** `a[0]=x&a[1]=y` arrives as a hash keyed by index; its values in index order, or null if it is a real hash. */
function indexedValues(v: FormObject): FormValue[] | null {
  const keys = Object.keys(v);
  if (keys.length === 0 || keys.some((k) => !/^\d+$/.test(k))) return null;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
}

/** Applies a metadata update the Stripe way: keys merge, '' deletes a key, a blank hash clears all. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const out = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
