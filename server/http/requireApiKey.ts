import type { MiddlewareHandler } from 'hono';
import { verifyApiKey } from '../auth/apiKeys';
import type { Database } from '../db/sequelize';
import { UnauthorizedError } from '../errors';

/** The integration API authenticates with `Authorization: Bearer <api key>`; a missing or revoked key is 401. */
export function requireApiKey(db: Database): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!secret) throw new UnauthorizedError('Send an API key as Authorization: Bearer <key>');
    if (!(await verifyApiKey(db, secret))) throw new UnauthorizedError('Unknown or revoked API key');
    await next();
  };
}
