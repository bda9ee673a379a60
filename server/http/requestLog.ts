import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../logger';

/**
 * One debug line per request: method, the route's pattern (`/api/plans/:id`, so no e-mail or
 * token in a path reaches the log) and status. Never the query string, headers or body: they
 * carry session cookies, API keys, sign-in links and whatever a person typed.
 */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (log.isLevelEnabled('debug')) {
      log.debug({ method: c.req.method, route: routePath(c), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
    }
  };
}
