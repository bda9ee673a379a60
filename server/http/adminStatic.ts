import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/**
 * A browser navigating to a page of the app (client routing) rather than fetching one of its files:
 * the last path segment has no file extension, or the browser asks for HTML. A missing
 * /admin/assets/x.js is then a 404, not index.html with a 200 that a script tag would run as code.
 */
function isNavigation(c: Context): boolean {
  const last = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
  return !/\.[^.]+$/.test(last) || (c.req.header('accept') ?? '').includes('text/html');
}

/** Serves the built react-admin app; a navigation that is not a file gets index.html (client routing). */
export function adminStatic(adminDir: string): MiddlewareHandler {
  const files = serveStatic({ root: adminDir, rewriteRequestPath: (path) => path.replace(/^\/admin/, '') });
  const index = serveStatic({ root: adminDir, path: 'index.html' });
  return async (c, next) => {
    if (!existsSync(join(adminDir, 'index.html'))) {
      return c.text('The admin app is not built yet: run `npm run build`.', 503);
    }
    const served = await files(c, async () => undefined);
    if (served) return served;
    if (!isNavigation(c)) return c.notFound();
    return (await index(c, next)) ?? c.notFound();
  };
}
