import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { resolveSession } from '../auth/sessions';
import type { AppEnv } from '../deps';
import { ForbiddenError, UnauthorizedError } from '../errors';

export const SESSION_COOKIE = 'recur_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every admin API call needs a session; a viewer may only read. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = await resolveSession(getCookie(c, SESSION_COOKIE));
  if (!user) throw new UnauthorizedError();
  if (user.role === 'viewer' && !SAFE_METHODS.has(c.req.method)) throw new ForbiddenError('Viewers have read-only access');
  c.set('user', user);
  await next();
};
