import { archivePlan, createPlan, migrateSubscribers, updatePlan } from '../billing/plans';
import { presentPlan } from '../billing/planFeatures';
import type { AppDeps } from '../deps';
import { idParam, jsonBody, noBody } from '../http/validate';
import { planInputSchema, planUpdateSchema } from '../../shared/plan';
import { readOnlyResource } from './readOnlyResource';

/** The plan catalog; every change is synced to Stripe products and prices. */
export function planRoutes({ db, stripe, log }: AppDeps) {
  const deps = { db, stripe };
  return readOnlyResource('plans')
    .post('/', async (c) => c.json(await presentPlan(await createPlan(deps, await jsonBody(c, planInputSchema), c.get('user'))), 201))
    .put('/:id', async (c) => c.json(await presentPlan(await updatePlan(deps, idParam(c), await jsonBody(c, planUpdateSchema), c.get('user')))))
    .delete('/:id', async (c) => c.json(await presentPlan(await archivePlan(deps, idParam(c), c.get('user')))))
    .post('/:id/migrate-subscribers', async (c) => {
      await noBody(c);
      return c.json(await migrateSubscribers({ db, stripe, log }, idParam(c), c.get('user')));
    });
}
