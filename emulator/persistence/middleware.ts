import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Persister } from './persister';

/**
 * Any request but a read may have changed state (API writes, hosted-page posts, control routes);
 * marking after each is cheaper and surer than having every mutation report itself.
 */
export function saveAfterWrites(persister: Persister): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') persister.markDirty();
  };
}
