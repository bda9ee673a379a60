/**
 * Stripe's bracket notation (`metadata[a]=b`, `items[0][price]=p`, `expand[]=x`) decoded into
 * nested values. Indexed keys become arrays; an empty string stays an empty string because
 * Stripe reads it as "unset this field".
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormError extends Error {}

function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first < 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let consumed = first;
  while ((m = re.exec(key)) !== null) {
    if (m.index !== consumed) throw new FormError(`Invalid parameter name: ${key}`);
    parts.push(m[1]);
    consumed = m.index + m[0].length;
  }
  if (consumed !== key.length) throw new FormError(`Invalid parameter name: ${key}`);
  return parts;
}

type Container = FormObject | FormValue[];

function assign(container: Container, part: string, value: FormValue, key: string): void {
  if (Array.isArray(container)) {
    if (part === '') container.push(value);
    else if (/^\d+$/.test(part)) container[Number(part)] = value;
    else throw new FormError(`Invalid array index in ${key}`);
  } else {
    container[part] = value;
  }
}

function child(container: Container, part: string, nextPart: string, key: string): Container {
  const wantArray = nextPart === '' || /^\d+$/.test(nextPart);
  const existing = Array.isArray(container)
    ? part === '' ? undefined : container[Number(part)]
    : container[part];
  if (existing !== undefined) {
    if (typeof existing === 'string' || Array.isArray(existing) !== wantArray) {
      throw new FormError(`Invalid parameter name: ${key}`);
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
