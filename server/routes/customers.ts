import { customerAccess } from '../billing/access';
import { customerFormAnswers } from '../billing/formAnswers';
import type { AppDeps } from '../deps';
import { idParam } from '../http/validate';
import { readOnlyResource } from './readOnlyResource';

export function customerRoutes(_deps: AppDeps) {
  return readOnlyResource('customers')
    .get('/:id/access', async (c) => c.json(await customerAccess(idParam(c))))
    .get('/:id/form-answers', async (c) => c.json(await customerFormAnswers(idParam(c))));
}
