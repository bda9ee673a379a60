import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './env';
import type { FormValue } from './form';
import type { IdempotencyRecord, Store } from '../store';
import type { StripeErrorBody } from './errors';
import { StripeApiError } from './errors';

/** "You can remove keys from the system automatically after they're at least 24 hours old" (docs.stripe.com/api/idempotent_requests). */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 3600;

/** The emulator's base clock: keys age with the time tests move, not with a test clock's frozen time. */
export interface WallClock {
  wallNow(): number;
}

function canonical(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/**
 * Stripe saves "the status code and body of the first request ... after endpoint execution begins";
 * when "incoming parameters fail validation ... no idempotent result is saved". Every 400/404 here is
 * an invalid_request_error (parameters, or objects they name, refused) and is not kept; successes,
 * card errors (402) and failures while executing (5xx) are.
 */
function saved(status: number): boolean {
  return status < 400 || status === 402 || status >= 500;
}

/** NaN-safe: a record from an older data file, without `created`, counts as expired. */
function expired(record: IdempotencyRecord, now: number): boolean {
  return !(now - record.created < IDEMPOTENCY_KEY_LIFETIME_SECONDS);
}

/**
 * Records are added in the order requests finished, which is (nearly) the order they started, so
 * pruning stops at the first live one: a request pays for the keys that lapsed, not for the map.
 * Lookups check expiry themselves, so a straggler left behind is never replayed.
 */
function pruneExpired(records: Map<string, IdempotencyRecord>, now: number): void {
  for (const [key, record] of records) {
    if (!expired(record, now)) return;
    records.delete(key);
  }
}

function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

/** Stripe's answer to a key whose first request is still executing (as returned by the API in stripe/stripe-go#647). */
function keyInUse(key: string): StripeErrorBody {
  return {
    type: 'invalid_request_error',
    code: 'idempotency_key_in_use',
    doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
    message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
  };
}

function replay(record: IdempotencyRecord, key: string): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true', 'Idempotency-Key': key };
  // A retry would only get the same answer again.
  if (record.status >= 400) headers['Stripe-Should-Retry'] = 'false';
  return new Response(record.body, { status: record.status, headers });
}

export function idempotency(store: Store, clock: WallClock): MiddlewareHandler<EmulatorEnv> {
  // Not in the Store: a key in flight is not state to persist or restore, and ends with its request.
  const executing = new Set<string>();
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || !key) return next();
    if (key.length > 255) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        message: 'Idempotency-Key must be at most 255 characters long.',
      });
    }
    const now = clock.wallNow();
    pruneExpired(store.idempotency, now);
    // Stripe refuses rather than queues: "the request conflicted with another executing concurrently".
    // No Stripe-Should-Retry header, so the SDK's own rule for 409 (retry) applies.
    if (executing.has(key)) return c.json({ error: keyInUse(key) }, 409);
    const path = c.req.path;
    const params = canonical(c.get('form'));
    const record = store.idempotency.get(key);
    if (record && !expired(record, now)) {
      if (record.path !== path) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${path}' vs '${record.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (record.params !== params) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      return replay(record, key);
    }
    store.idempotency.delete(key);
    executing.add(key);
    try {
      await next();
      if (saved(c.res.status)) {
        store.idempotency.set(key, { path, params, status: c.res.status, body: await c.res.clone().text(), created: now });
        // stripe-node expects Stripe-Should-Retry: false on most 500s "since our idempotency framework would typically replay it anyway".
        if (c.res.status >= 500) c.header('Stripe-Should-Retry', 'false');
      }
      c.header('Idempotency-Key', key);
    } finally {
      executing.delete(key);
    }
  };
}
