import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from './env';
import { randomToken } from '../ids';

export const requestId: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  const id = `req_${randomToken(14)}`;
  c.set('requestId', id);
  await next();
  c.header('Request-Id', id);
};
