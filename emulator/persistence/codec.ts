import Stripe from 'stripe';
import type { Stored } from '../collection';
import { Collection } from '../collection';

/**
 * Turns the Store into JSON and back without a list of its fields: every Collection, Map, Set
 * and array it holds (and those of nested state classes) is written, so state added later is
 * persisted without touching this file.
 */
export type Encoded =
  | { kind: 'collection'; items: unknown[] }
  | { kind: 'map'; entries: [unknown, unknown][] }
  | { kind: 'set'; values: unknown[] }
  | { kind: 'array'; items: unknown[] }
  | { kind: 'state'; fields: Record<string, Encoded> }
  | { kind: 'value'; value: unknown };

/** Anything holding a Promise is work in flight (a pending idempotent request): not state to restore. */
function inFlight(v: unknown): boolean {
  if (v instanceof Promise) return true;
  return typeof v === 'object' && v !== null && Object.values(v).some((x) => x instanceof Promise);
}

function isPlain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encode(v: unknown): Encoded | undefined {
  if (typeof v === 'function' || inFlight(v)) return undefined;
  if (v instanceof Collection) return { kind: 'collection', items: v.toJSON() };
  if (v instanceof Map) return { kind: 'map', entries: [...v.entries()].filter(([, x]) => !inFlight(x)) };
  if (v instanceof Set) return { kind: 'set', values: [...v] };
  if (Array.isArray(v)) return { kind: 'array', items: v };
  if (typeof v === 'object' && v !== null && !isPlain(v)) return { kind: 'state', fields: encodeFields(v) };
  return { kind: 'value', value: v };
}

export function encodeFields(owner: object): Record<string, Encoded> {
  const out: Record<string, Encoded> = {};
  for (const [key, value] of Object.entries(owner)) {
    const encoded = encode(value);
    if (encoded) out[key] = encoded;
  }
  return out;
}

/**
 * Writes decoded values into the live fields in place (they are readonly references). Fields the
 * file has but the Store no longer does are ignored; fields it lacks keep their fresh values.
 */
export function decodeFields(owner: object, fields: Record<string, Encoded>): void {
  for (const [key, encoded] of Object.entries(fields)) {
    const target: unknown = Reflect.get(owner, key);
    if (target === undefined) continue;
    if (encoded.kind === 'collection' && target instanceof Collection) {
      // Trust boundary: the file was written by encodeFields from this same collection.
      const collection: Collection<Stored> = target;
      collection.load(encoded.items.filter(isStored));
    } else if (encoded.kind === 'map' && target instanceof Map) {
      target.clear();
      for (const [k, v] of encoded.entries) target.set(k, v);
    } else if (encoded.kind === 'set' && target instanceof Set) {
      target.clear();
      for (const v of encoded.values) target.add(v);
    } else if (encoded.kind === 'array' && Array.isArray(target)) {
      target.length = 0;
      target.push(...encoded.items);
    } else if (encoded.kind === 'state' && typeof target === 'object' && target !== null) {
      decodeFields(target, encoded.fields);
    } else if (encoded.kind === 'value' && !(target instanceof Collection || target instanceof Map || target instanceof Set)) {
      Reflect.set(owner, key, encoded.value);
    }
  }
}

function isStored(v: unknown): v is Stored {
  return typeof v === 'object' && v !== null && typeof Reflect.get(v, 'id') === 'string';
}

/** Fields the SDK types as Stripe.Decimal (serialised as strings); `percentage_decimal` and `value_decimal` stay strings. */
const STRING_DECIMALS = new Set(['percentage_decimal', 'value_decimal']);

/** JSON.parse reviver that turns decimal strings back into Stripe.Decimal, which the emulator may compute with. */
export function reviveDecimals(key: string, value: unknown): unknown {
  if (typeof value === 'string' && key.endsWith('_decimal') && !STRING_DECIMALS.has(key) && /^-?\d+(\.\d+)?$/.test(value)) {
    return Stripe.Decimal.from(value);
  }
  return value;
}
