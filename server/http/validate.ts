import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError, NotFoundError, type FieldErrors } from '../errors';
import { emptyBodySchema } from '../../shared/strict';

/** zod issues in react-admin's {errors: {field: message}} shape, so form fields light up. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    // An unknown key is named as the field it is, so `{"amnt": 100}` answers errors.amnt.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors[[...issue.path, key].join('.')] ??= 'is not a field of this request';
      continue;
    }
    const key = issue.path.join('.') || '_';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The path to the first string holding a NUL character, if any (plain objects and arrays only). */
function nulPath(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, inner] of Object.entries(value)) {
      const found = key.includes('\u0000') ? [...path, key] : nulPath(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'request'): z.infer<S> {
  const parsed = schema.safeParse(value);
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
    throw new BadRequestError(`Invalid ${what}: ${field === '_' ? '' : `${field} `}must not contain NUL characters`.trim(), { [field]: 'must not contain NUL characters' });
  }
  return parsed.data;
}

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new BadRequestError('The request body must be valid JSON');
  }
  return parseOrThrow(schema, body, 'request body');
}

/**
 * For an action that takes no input: nothing, or `{}`. A body with any key is refused rather than
 * ignored, so a request that meant something else (`{"amount": 100}` to retry) changes nothing.
 */
export async function noBody(c: Context): Promise<void> {
  const text = await c.req.text();
  if (!text.trim()) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body must be valid JSON');
  }
  parseOrThrow(emptyBodySchema, body, 'request body');
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
