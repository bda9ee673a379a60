import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './env';
import type { FormValue } from './form';
import type { IdempotencyRecord, Store } from '../store';
import { StripeApiError } from './errors';

function canonical(v: FormValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
}

/** Only results of requests that ran are kept, as Stripe does: validation failures may be retried with the same key. */
function worthKeeping(status: number): boolean {
  return status < 400 || status === 402;
}

export function idempotency(store: Store): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || !key) return next();
    if (key.length > 255) {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        message: 'Idempotency-Key must be at most 255 characters long.',
      });
    }
    const fingerprint = `${c.req.method} ${c.req.path} ${canonical(c.get('form'))}`;
    let record = store.idempotency.get(key);
    while (record?.pending) {
      await record.pending;
      record = store.idempotency.get(key);
    }
    if (record) {
      if (record.fingerprint !== fingerprint) {
        throw new StripeApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      return new Response(record.body, {
        status: record.status,
        headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true', 'Idempotency-Key': key },
      });
    }
    let settle = (): void => {};
    const fresh: IdempotencyRecord = { fingerprint, status: 0, body: '', pending: new Promise<void>((r) => (settle = r)) };
    store.idempotency.set(key, fresh);
    try {
      await next();
      if (worthKeeping(c.res.status)) {
        fresh.status = c.res.status;
        fresh.body = await c.res.clone().text();
      } else {
        store.idempotency.delete(key);
      }
      c.header('Idempotency-Key', key);
    } catch (err) {
      store.idempotency.delete(key);
      throw err;
    } finally {
      fresh.pending = null;
      settle();
    }
  };
}
