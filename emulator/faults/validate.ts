import type { ApiFaults, DeliveryFaults, FaultConfig } from './config';
import { NO_API_FAULTS, NO_DELIVERY_FAULTS, randomSeed } from './config';

/** A control-route body that cannot be applied; `param` is the dotted path of the offending field. */
export class FaultConfigError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

function isBody(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function section(body: Body, key: string, allowed: readonly string[]): Body {
  const v = body[key];
  if (v === undefined) return {};
  if (!isBody(v)) throw new FaultConfigError(key, `${key} must be an object`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new FaultConfigError(`${key}.${k}`, `unknown field ${key}.${k}; expected one of ${allowed.join(', ')}`);
  }
  return v;
}

function rate(s: Body, section: string, key: string, fallback: number): number {
  const v = s[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new FaultConfigError(`${section}.${key}`, `${section}.${key} must be a number from 0 to 1`);
  }
  return v;
}

function integer(s: Body, section: string, key: string, fallback: number, min: number, max: number): number {
  const v = s[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new FaultConfigError(`${section}.${key}`, `${section}.${key} must be an integer from ${min} to ${max}`);
  }
  return v;
}

const DELIVERY_KEYS = ['duplicateRate', 'shuffleWindow', 'shuffleHoldMs', 'dropRate', 'delayMs'] as const;
const API_KEYS = [
  'errorRate',
  'rateLimitRate',
  'rateLimitCode',
  'rateLimitShouldRetry',
  'pathPrefix',
  'latencyMs',
  'requestsPerSecond',
  'endpointRequestsPerSecond',
] as const;

function deliveries(body: Body): DeliveryFaults {
  const s = section(body, 'deliveries', DELIVERY_KEYS);
  const d = NO_DELIVERY_FAULTS;
  return {
    duplicateRate: rate(s, 'deliveries', 'duplicateRate', d.duplicateRate),
    shuffleWindow: integer(s, 'deliveries', 'shuffleWindow', d.shuffleWindow, 1, 10_000),
    shuffleHoldMs: integer(s, 'deliveries', 'shuffleHoldMs', d.shuffleHoldMs, 0, 60_000),
    dropRate: rate(s, 'deliveries', 'dropRate', d.dropRate),
    delayMs: integer(s, 'deliveries', 'delayMs', d.delayMs, 0, 60_000),
  };
}

function api(body: Body): ApiFaults {
  const s = section(body, 'api', API_KEYS);
  const errorRate = rate(s, 'api', 'errorRate', NO_API_FAULTS.errorRate);
  const rateLimitRate = rate(s, 'api', 'rateLimitRate', NO_API_FAULTS.rateLimitRate);
  if (errorRate + rateLimitRate > 1) {
    throw new FaultConfigError('api.rateLimitRate', 'api.errorRate and api.rateLimitRate together must not exceed 1');
  }
  const code = s.rateLimitCode ?? NO_API_FAULTS.rateLimitCode;
  if (code !== 'rate_limit' && code !== 'lock_timeout') {
    throw new FaultConfigError('api.rateLimitCode', 'api.rateLimitCode must be "rate_limit" or "lock_timeout"');
  }
  const prefix = s.pathPrefix ?? null;
  if (prefix !== null && (typeof prefix !== 'string' || !prefix.startsWith('/v1'))) {
    throw new FaultConfigError('api.pathPrefix', 'api.pathPrefix must be a string starting with /v1, or null');
  }
  const shouldRetry = s.rateLimitShouldRetry ?? NO_API_FAULTS.rateLimitShouldRetry;
  if (typeof shouldRetry !== 'boolean') throw new FaultConfigError('api.rateLimitShouldRetry', 'api.rateLimitShouldRetry must be true or false');
  const latencyMs = integer(s, 'api', 'latencyMs', NO_API_FAULTS.latencyMs, 0, 60_000);
  const requestsPerSecond = integer(s, 'api', 'requestsPerSecond', NO_API_FAULTS.requestsPerSecond, 0, 100_000);
  const endpointRequestsPerSecond = integer(s, 'api', 'endpointRequestsPerSecond', NO_API_FAULTS.endpointRequestsPerSecond, 0, 100_000);
  return {
    errorRate,
    rateLimitRate,
    rateLimitCode: code,
    rateLimitShouldRetry: shouldRetry,
    pathPrefix: prefix,
    latencyMs,
    requestsPerSecond,
    endpointRequestsPerSecond,
  };
}

/** Reads a PUT body: the whole configuration, fields left out meaning "no fault". */
export function parseFaultConfig(body: unknown): FaultConfig {
  if (!isBody(body)) throw new FaultConfigError('body', 'the body must be a JSON object');
  for (const k of Object.keys(body)) {
    if (k !== 'seed' && k !== 'deliveries' && k !== 'api') {
      throw new FaultConfigError(k, `unknown field ${k}; expected seed, deliveries or api`);
    }
  }
  const seed = body.seed === undefined ? randomSeed() : body.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new FaultConfigError('seed', 'seed must be an integer from 0 to 4294967295');
  }
  return { seed, deliveries: deliveries(body), api: api(body) };
}
