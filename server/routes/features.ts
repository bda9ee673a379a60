import { Hono } from 'hono';
import { createFeature, deleteFeature, getFeature, listFeatures, updateFeature } from '../billing/features';
import type { AppDeps, AppEnv } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { featureInputSchema, featureUpdateSchema } from '../../shared/features';
import { listRoute } from './listRoute';
import { present } from './readOnlyResource';

/** /api/features: the entitlements catalog (DESIGN §3.2); values per plan are set on the plan. */
export function featureRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .get(
      '/',
      listRoute('features', (_actor, query) => listFeatures(query)),
    )
    .get('/:id', async (c) => c.json(present(await getFeature(idParam(c)))))
    .post('/', async (c) => c.json(present(await createFeature(db, await jsonBody(c, featureInputSchema), c.get('user'))), 201))
    .put('/:id', async (c) => c.json(present(await updateFeature(db, idParam(c), await jsonBody(c, featureUpdateSchema), c.get('user')))))
    .delete('/:id', async (c) => c.json(present(await deleteFeature(db, idParam(c), c.get('user')))));
}
