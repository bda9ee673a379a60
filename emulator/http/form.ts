/**
 * Stripe's bracket notation (`metadata[a]=b`, `items[0][price]=p`, `expand[]=x`) decoded into
 * nested values. `[]` appends to an array; an index (`[0]`) is kept as a hash key, as Rack does,
 * because `metadata[2024]=x` is a hash — Params turns index-keyed hashes into lists where a list
 * is expected. An empty string stays an empty string because Stripe reads it as "unset this field".
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** A body or query string that cannot be decoded; `param` is the top-level name it was sent under. */
export class FormError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/** Deeper than any Stripe parameter goes; the cap keeps hostile nesting from costing stack or memory. */
export const MAX_NESTING = 12;
/** An index this large cannot be a real list position; honouring it would allocate a huge sparse array. */
const MAX_INDEX = 10_000;

function baseName(key: string): string {
  const i = key.indexOf('[');
  return i < 0 ? key : key.slice(0, i);
}

function invalidName(key: string): FormError {
  return new FormError(`Invalid parameter name: ${key}`, baseName(key) || key);
}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === 0 || key === '') throw invalidName(key);
  if (first < 0) return [checkPart(key, key)];
  const parts = [checkPart(key.slice(0, first), key)];
  const re = /\[([^\]]*)\]/g;
  let consumed = first;
  for (let m = re.exec(key); m !== null; m = re.exec(key)) {
    if (m.index !== consumed) throw invalidName(key);
    parts.push(checkPart(m[1], key));
    consumed = m.index + m[0].length;
    if (parts.length > MAX_NESTING + 1) {
      throw new FormError(`Invalid parameter name: ${baseName(key)} is nested more than ${MAX_NESTING} levels deep`, baseName(key));
    }
  }
  if (consumed !== key.length) throw invalidName(key);
  return parts;
}

/** Names that would reach Object.prototype through a plain object are refused outright. */
function checkPart(part: string, key: string): string {
  if (part === '__proto__' || part === 'constructor' || part === 'prototype') throw invalidName(key);
  return part;
}

type Container = FormObject | FormValue[];

function assign(container: Container, part: string, value: FormValue, key: string): void {
  if (Array.isArray(container)) {
    if (part === '') container.push(value);
    else if (/^\d+$/.test(part) && Number(part) <= MAX_INDEX) container[Number(part)] = value;
    else throw new FormError(`Invalid array index in ${key}`, baseName(key));
  } else {
    container[part] = value;
  }
}

function child(container: Container, part: string, nextPart: string, key: string): Container {
  const wantArray = nextPart === '';
  const existing = Array.isArray(container)
    ? part === ''
      ? undefined
      : container[Number(part)]
    : Object.hasOwn(container, part)
      ? container[part]
      : undefined;
  if (existing !== undefined) {
    if (typeof existing === 'string' || Array.isArray(existing) !== wantArray) {
      throw new FormError(`Invalid parameter name: ${key}: ${baseName(key)} was sent with conflicting types`, baseName(key));
    }
    return existing;
  }
  const fresh: Container = wantArray ? [] : {};
  assign(container, part, fresh, key);
  return fresh;
}

export function parseForm(pairs: Iterable<[string, string]>): FormObject {
  const root: FormObject = {};
  for (const [key, value] of pairs) {
    const parts = splitKey(key);
    let container: Container = root;
    for (let i = 0; i < parts.length - 1; i++) container = child(container, parts[i], parts[i + 1], key);
    assign(container, parts[parts.length - 1], value, key);
  }
  return compact(root);
}

/** Sparse arrays (`a[0]`, `a[2]`) collapse the way Stripe's parser collapses them. */
function compact(obj: FormObject): FormObject {
  const out: FormObject = {};
  for (const [k, v] of Object.entries(obj)) out[k] = compactValue(v);
  return out;
}

function compactValue(v: FormValue): FormValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compactValue);
  return compact(v);
}

export function parseFormBody(body: string): FormObject {
  return parseForm(new URLSearchParams(body));
}
