import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Our transcription of one `stripe trigger` fixture (stripe/stripe-cli pkg/fixtures/triggers/*.json):
 * the requests it sends, in order, and the events Stripe sends for them. Data only; the runner
 * (cli-fixtures.ts) replays it. Differences from upstream are written in `notes`, with the reason.
 */
export interface CliFixture {
  /** The `stripe trigger` name, also the file name. */
  trigger: string;
  /** "stripe/stripe-cli pkg/fixtures/triggers/<file>": the upstream file this one follows. */
  follows: string;
  notes?: string[];
  steps: CliStep[];
  /** Must each arrive, signed, about an object this replay made. */
  events: string[];
  /** Must not arrive: the trigger's own name where these requests do not produce it on Stripe. */
  absentEvents?: string[];
}

export type Param = string | number | boolean | Param[] | { [key: string]: Param };

export interface CliStep {
  /** Later steps refer to this step's response as `${name:path}`. */
  name: string;
  method: 'get' | 'post' | 'delete';
  path: string;
  params?: Record<string, Param>;
  /**
   * stripe-cli's `expected_error_type`. Upstream only tolerates the error; here the step must
   * fail with it, because Stripe refuses these requests and so must the emulator.
   */
  expectError?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isParam(v: unknown): v is Param {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(isParam);
  return isRecord(v) && Object.values(v).every(isParam);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function toStep(v: unknown, where: string): CliStep {
  if (!isRecord(v)) throw new Error(`${where}: a step must be an object`);
  const { name, method, path, params, expectError } = v;
  if (typeof name !== 'string' || typeof path !== 'string') throw new Error(`${where}: name and path are required`);
  if (method !== 'get' && method !== 'post' && method !== 'delete') throw new Error(`${where}: unknown method ${String(method)}`);
  if (params !== undefined && !(isRecord(params) && isParam(params))) throw new Error(`${where}: params must be an object of values`);
  if (expectError !== undefined && typeof expectError !== 'string') throw new Error(`${where}: expectError must be a string`);
  return { name, method, path, ...(params === undefined ? {} : { params }), ...(expectError === undefined ? {} : { expectError }) };
}

/** Reads and checks one fixture file; a malformed file fails loudly rather than replaying half. */
export function parseCliFixture(text: string, file: string): CliFixture {
  const raw: unknown = JSON.parse(text);
  if (!isRecord(raw)) throw new Error(`${file}: not an object`);
  const { trigger, follows, notes, steps, events, absentEvents } = raw;
  if (typeof trigger !== 'string' || `${trigger}.json` !== file) throw new Error(`${file}: trigger must match the file name`);
  if (typeof follows !== 'string' || !follows.startsWith('stripe/stripe-cli pkg/fixtures/triggers/')) {
    throw new Error(`${file}: follows must name the stripe-cli fixture`);
  }
  if (!Array.isArray(steps) || steps.length === 0) throw new Error(`${file}: steps are required`);
  if (!isStringArray(events) || events.length === 0) throw new Error(`${file}: events are required`);
  if (notes !== undefined && !isStringArray(notes)) throw new Error(`${file}: notes must be strings`);
  if (absentEvents !== undefined && !isStringArray(absentEvents)) throw new Error(`${file}: absentEvents must be strings`);
  return {
    trigger,
    follows,
    ...(notes === undefined ? {} : { notes }),
    steps: steps.map((s, i) => toStep(s, `${file} step ${i}`)),
    events,
    ...(absentEvents === undefined ? {} : { absentEvents }),
  };
}

export function loadCliFixtures(dir: string): CliFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseCliFixture(readFileSync(join(dir, f), 'utf8'), f));
}

/** Responses so far, by step name: what `${name:path}` reads. */
export type Responses = Map<string, Json>;

export function toJson(v: unknown): Json {
  return JSON.parse(JSON.stringify(v ?? null));
}

/**
 * `data.0.id` through objects and arrays, as stripe-cli's gjson paths do; upstream fixtures also
 * write the steps with colons (`items:data:0:id`), so both separate keys.
 */
function lookup(value: Json, path: string): Json | undefined {
  let at: Json | undefined = value;
  for (const key of path.split(/[.:]/)) {
    if (Array.isArray(at)) at = at[Number(key)];
    else if (at !== null && typeof at === 'object') at = at[key];
    else return undefined;
  }
  return at;
}

// stripe-cli's query syntax: ${name:json.path} or ${name:json.path|default}; ${.env:VAR|default}
// reads the environment. One string may hold several (a path like /v1/x/${a:id}/y/${b:id}).
const QUERY = /\$\{([^|}:]+):([^|}]+)(?:\|([^}]*))?\}/g;

export function resolveString(text: string, responses: Responses): string {
  return text.replace(QUERY, (_match, name: string, path: string, fallback: string | undefined) => {
    if (name === '.env') {
      const value = process.env[path];
      if (value) return value;
      if (fallback !== undefined) return fallback;
      throw new Error(`no value for env var ${path}`);
    }
    const response = responses.get(name);
    if (response === undefined) throw new Error(`reference to an undeclared fixture step: ${name}`);
    const found = lookup(response, path);
    if (typeof found === 'string' || typeof found === 'number' || typeof found === 'boolean') return String(found);
    if (fallback !== undefined) return fallback;
    throw new Error(`\${${name}:${path}} is not in that step's response`);
  });
}

export function resolveParam(value: Param, responses: Responses): Param {
  if (typeof value === 'string') return resolveString(value, responses);
  if (Array.isArray(value)) return value.map((v) => resolveParam(v, responses));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveParam(v, responses)]));
  }
  return value;
}
