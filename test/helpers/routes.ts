import type { RecurApp } from '../../server/app';

export interface AppRoute {
  method: string;
  /** the pattern as registered, e.g. /api/plans/:id */
  path: string;
}

/**
 * Every endpoint the app serves, read from the router itself, so a route added later is covered
 * without editing a list. `ALL` entries are middleware (`use`) and catch-alls, not endpoints.
 */
export function appRoutes(app: RecurApp): AppRoute[] {
  const seen = new Map<string, AppRoute>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue;
    seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}

/** Values a real request would carry for each kind of path parameter. */
const PLAUSIBLE: Record<string, string> = { email: 'ada@example.com', slug: 'default', token: 'tok_plausible' };

/** The path with each `:param` (optionally `{regex}` or `?`) and `*` filled in. */
export function fillPath(path: string, value: (name: string) => string = (name) => PLAUSIBLE[name] ?? '1'): string {
  return path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) => encodeURIComponent(value(name))).replace(/\*/g, 'x');
}

/**
 * Routes anyone may call without an admin session or API key, each with the reason. A prefix
 * ending in `*` covers everything under it, so pages added later under /signup and /portal
 * (the portal has its own customer session) are covered.
 */
export const PUBLIC_ROUTES: readonly { route: string; why: string }[] = [
  { route: 'GET /healthz', why: 'liveness probe, says nothing private' },
  { route: 'POST /webhooks/stripe', why: "authenticated by Stripe's signature instead (tested in webhooks.test.ts)" },
  { route: '* /signup', why: 'the hosted signup form' },
  { route: '* /signup/*', why: 'hosted signup forms and their done pages' },
  { route: '* /portal', why: "the customer portal: its own customer session, not the admin's" },
  { route: '* /portal/*', why: "the customer portal: its own customer session, not the admin's" },
  { route: 'GET /', why: 'redirects to the admin' },
  { route: 'GET /admin', why: 'redirects to the admin' },
  { route: 'GET /admin/*', why: 'the static admin app; its data comes from /api, which needs the session' },
  { route: 'POST /api/auth/login', why: 'signing in (rate-limited)' },
  { route: 'POST /api/auth/logout', why: 'signing out ends the session the cookie names, if any' },
  { route: '* /api/v1/*', why: 'the integration API: API keys instead of the session (tested below)' },
];

function matches(pattern: string, route: AppRoute): boolean {
  const [method, path] = pattern.split(' ') as [string, string];
  if (method !== '*' && method !== route.method) return false;
  return path.endsWith('/*') ? route.path.startsWith(path.slice(0, -1)) : route.path === path;
}

export function isPublic(route: AppRoute): boolean {
  return PUBLIC_ROUTES.some(({ route: pattern }) => matches(pattern, route));
}
