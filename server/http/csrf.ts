import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SAME_ORIGIN_FETCH = new Set(['same-origin', 'none']);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * Refuses a cross-site browser request that would change something with the admin's cookie.
 * Browsers send `Origin` on every non-GET fetch and form post, and `Sec-Fetch-Site` on every
 * request; either one naming another site is refused. Requests with neither header come from
 * scripts and tools, which hold no victim's cookie, and keep working. SameSite=Lax on the cookie
 * is the first line; this is the second, for older browsers and same-site subdomains.
 *
 * An Origin matching the Host the request was sent to is accepted as well as the configured
 * public URL, so the admin also works when opened by IP or through the Vite dev proxy.
 */
export function csrfGuard(baseUrl: string): MiddlewareHandler {
  const publicOrigin = new URL(baseUrl).origin;
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== publicOrigin && hostOf(origin) !== new URL(c.req.url).host) {
        throw new ForbiddenError(`Cross-site request refused: origin ${origin.slice(0, 100)} is not this site`);
      }
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && !SAME_ORIGIN_FETCH.has(site)) {
        throw new ForbiddenError(`Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 40)})`);
      }
    }
    await next();
  };
}
