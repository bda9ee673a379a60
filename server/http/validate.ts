import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError, NotFoundError, type FieldErrors } from '../errors';
import { emptyBodySchema } from '../../shared/strict';
import { parseJson } from '../../shared/json';

/** zod issues in react-admin's {errors: {field: message}} shape, so form fields light up. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  // No prototype: a field named `__proto__` is a key like any other.
  const errors = Object.create(null) as FieldErrors;
  for (const issue of error.issues) {
    // An unknown key is named as the field it is, so `{"amnt": 100}` answers errors.amnt.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = [...issue.path, key].join('.');
        if (!Object.hasOwn(errors, field)) errors[field] = 'is not a field of this request';
      }
      continue;
    }
    const key = issue.path.join('.') || '_';
    // Own keys only: a field named `constructor` would otherwise find Object's and keep no message.
    if (!Object.hasOwn(errors, key)) errors[key] = issue.message;
  }
  return errors;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The path to the first string holding a NUL character, if any (plain objects and arrays only).
 * A loop with its own stack, not recursion: how deep a value nests must not decide whether the
 * check overflows the call stack (client JSON is bounded before it gets here, other values are not).
 */
function nulPath(root: unknown): string[] | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((inner, i) => [String(i), inner]) : isPlainObject(value) ? Object.entries(value) : [];
    // Pushed last to first, so the first offending field in reading order is the one named.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!;
      if (key.includes('\u0000')) stack.push({ value: '\u0000', path: [...path, key] });
      else stack.push({ value: inner, path: [...path, key] });
    }
  }
  return null;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  return checkedResult(schema.safeParse(value), what);
}

/** A zod outcome as a value, or the 400 every route answers (also used by the /api/v1 OpenAPI routes' hook). */
export function checkedResult<T>(parsed: { success: true; data: T } | { success: false; error: z.ZodError }, what = 'request'): T {
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    const [field, message] = Object.entries(errors)[0] ?? ['_', 'is invalid'];
    throw new BadRequestError(`Invalid ${what}: ${field === '_' ? '' : `${field} `}${message}`.trim(), errors);
  }
  // No text field means a NUL: SQLite cuts an SQL literal at one (Sequelize inlines where values)
  // and PostgreSQL refuses it in text, so it would surface as a 500 instead of a 400.
  const nul = nulPath(parsed.data);
  if (nul) {
    const field = nul.join('.') || '_';
    throw new BadRequestError(`Invalid ${what}: ${field === '_' ? '' : `${field} `}must not contain NUL characters`.trim(), {
      [field]: 'must not contain NUL characters',
    });
  }
  return parsed.data;
}

/** A body's text as JSON, its depth bounded before it is parsed (shared/json.ts); a 400 otherwise. */
function bodyJson(text: string): unknown {
  const json = parseJson(text);
  if (json.ok) return json.value;
  throw new BadRequestError(json.reason === 'invalid' ? 'The request body must be valid JSON' : `The request body ${json.problem}`);
}

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseOrThrow(schema, bodyJson(await c.req.text()), 'request body');
}

/**
 * For an action that takes no input: nothing, or `{}`. A body with any key is refused rather than
 * ignored, so a request that meant something else (`{"amount": 100}` to retry) changes nothing.
 */
export async function noBody(c: Context): Promise<void> {
  const text = await c.req.text();
  if (!text.trim()) return;
  parseOrThrow(emptyBodySchema, bodyJson(text), 'request body');
}

/** The largest id an INTEGER primary key holds on PostgreSQL (and SQLite, in practice). */
export const MAX_ID = 2_147_483_647;

export function idParam(c: Context): number {
  const raw = c.req.param('id') ?? '';
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1) throw new BadRequestError(`Invalid id: ${raw.slice(0, 40)}`, { id: 'must be a positive integer' });
  // Ids are 32-bit integer columns: a larger one names no row (and PostgreSQL would refuse to compare it).
  if (Number(raw) > MAX_ID) throw new NotFoundError(`Nothing has id ${raw}`);
  return Number(raw);
}
