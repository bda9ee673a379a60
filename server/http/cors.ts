import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * hono's CORS for the admin API, run only for requests that carry an `Origin` header: a browser
 * sends one with every request CORS governs (cross-origin, or same-origin but not GET/HEAD), and
 * a response to a request without it is never read under CORS, so its headers would say nothing.
 *
 * Why not always: hono's cors writes its headers onto `c.res` before the route answers. Hono then
 * merges the route's answer into that response, which turns @hono/node-server's lightweight
 * response into a full web Response whose body is streamed out: about a fifth of the CPU of a
 * list page (issue 17's profile of the subscriptions list). Without an Origin, the route's string
 * body goes straight to the socket.
 */
export function apiCors(origin: string): MiddlewareHandler {
  const withHeaders = cors({ origin, credentials: true, exposeHeaders: ['Content-Range'] });
  return (c, next) => (c.req.header('origin') === undefined ? next() : withHeaders(c, next));
}
