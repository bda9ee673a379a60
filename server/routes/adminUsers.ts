import { Hono } from 'hono';
import { createAdminUser, deleteAdminUser, getAdminUser, listAdminUsers, updateAdminUser } from '../billing/adminUsers';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { adminUserCreateSchema, adminUserUpdateSchema } from '../../shared/adminUsers';
import { listRoute } from './listRoute';

/** /api/admin-users: the owner's alone (the service refuses anyone else with 403). */
export function adminUserRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', listRoute('admin-users', listAdminUsers))
    .get('/:id', async (c) => c.json(await getAdminUser(c.get('user'), idParam(c))))
    .post('/', async (c) => c.json(await createAdminUser(db, c.get('user'), await jsonBody(c, adminUserCreateSchema)), 201))
    .put('/:id', async (c) => c.json(await updateAdminUser(db, c.get('user'), idParam(c), await jsonBody(c, adminUserUpdateSchema))))
    .delete('/:id', async (c) => c.json(await deleteAdminUser(db, c.get('user'), idParam(c))));
}
