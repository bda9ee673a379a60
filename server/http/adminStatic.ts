import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/** Serves the built react-admin app; any path that is not a file gets index.html (client routing). */
export function adminStatic(adminDir: string): MiddlewareHandler {
  const files = serveStatic({ root: adminDir, rewriteRequestPath: (path) => path.replace(/^\/admin/, '') });
  const index = serveStatic({ root: adminDir, path: 'index.html' });
  return async (c, next) => {
    if (!existsSync(join(adminDir, 'index.html'))) {
      return c.text('The admin app is not built yet: run `npm run build`.', 503);
    }
    const served = await files(c, async () => undefined);
    if (served) return served;
    return (await index(c, next)) ?? c.notFound();
  };
}
