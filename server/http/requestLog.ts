import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger';

/**
 * One debug line per request: method, path and status. Never the query string, headers or body:
 * they carry session cookies, API keys, sign-in links and whatever a person typed.
 */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (log.isLevelEnabled('debug')) {
      log.debug({ method: c.req.method, path: c.req.path.slice(0, 200), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  };
}
