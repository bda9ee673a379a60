import type { MiddlewareHandler } from 'hono';
import { verifyApiKey } from '../auth/apiKeys';
import type { ApiKey } from '../db/models';
import type { Database } from '../db/sequelize';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { ApiKeyScope } from '../../shared/apiKeys';

export interface ApiKeyEnv {
  Variables: { apiKey: ApiKey };
}

/** The integration API authenticates with `Authorization: Bearer <api key>`; a missing or revoked key is 401. */
export function requireApiKey(db: Database): MiddlewareHandler<ApiKeyEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!secret) throw new UnauthorizedError('Send an API key as Authorization: Bearer <key>');
    const key = await verifyApiKey(db, secret);
    if (!key) throw new UnauthorizedError('Unknown or revoked API key');
    c.set('apiKey', key);
    await next();
  };
}

/** A known key without the scope a route needs is 403, naming the scope, so the admin knows what to grant. */
export function requireScope(scope: ApiKeyScope): MiddlewareHandler<ApiKeyEnv> {
  return async (c, next) => {
    const key = c.get('apiKey');
    if (!key.scopes.includes(scope))
      throw new ForbiddenError(`This API key lacks the "${scope}" scope; an owner can create a key with it in the admin under API keys`);
    await next();
  };
}
