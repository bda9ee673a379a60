import { Hono } from 'hono';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../billing/apiKeys';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { apiKeyCreateSchema } from '../../shared/apiKeys';
import { listRoute } from './listRoute';

/** /api/api-keys: the owner's; DELETE revokes (the row stays for the record). */
export function apiKeyRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', listRoute('api-keys', listApiKeys))
    .get('/:id', async (c) => c.json(await getApiKey(c.get('user'), idParam(c))))
    .post('/', async (c) => c.json(await createApiKey(db, c.get('user'), await jsonBody(c, apiKeyCreateSchema)), 201))
    .delete('/:id', async (c) => c.json(await revokeApiKey(db, c.get('user'), idParam(c))));
}
