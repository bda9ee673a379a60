import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The socket's peer address. X-Forwarded-For is not trusted: anyone can send it. Behind a reverse
 * proxy every request then shares the proxy's address. Requests made in-process (app.request in
 * tests) have no socket and count as 'unknown'.
 */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
