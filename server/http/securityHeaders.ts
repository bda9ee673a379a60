import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The policy every response gets unless its route sets its own: scripts only from Recur itself
 * (Vite builds external module scripts; the pages have none), inline styles allowed because MUI
 * (emotion) injects <style> elements at run time, and no framing by other sites.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * hono's secure headers (nosniff, Referrer-Policy, HSTS, ...) plus the CSP above. A route that sets
 * its own Content-Security-Policy owns its framing too (signup forms are meant to be embedded
 * elsewhere), so X-Frame-Options is only added alongside the default policy.
 */
export function securityHeaders(): MiddlewareHandler {
  const base = secureHeaders({ overwrite: false, xFrameOptions: false });
  return async (c, next) => {
    await base(c, next);
    if (!c.res.headers.has('Content-Security-Policy')) {
      c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      c.res.headers.set('X-Frame-Options', 'DENY');
    }
  };
}
