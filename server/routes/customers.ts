import { customerAccess } from '../billing/access';
import { customerFormAnswers } from '../billing/formAnswers';
import type { AppDeps } from '../deps';
import { idParam, jsonBody } from '../http/validate';
import { chargeCustomer } from '../billing/charges';
import { chargeSchema } from '../../shared/charges';
import { readOnlyResource } from './readOnlyResource';

export function customerRoutes({ stripe, db, log }: AppDeps) {
  const ctx = { stripe, db, log };
  return readOnlyResource('customers')
    .post('/:id/charges', async (c) => {
      const request = await jsonBody(c, chargeSchema);
      return c.json(await chargeCustomer(ctx, idParam(c), request, c.get('user')), 201);
    })
    .get('/:id/access', async (c) => c.json(await customerAccess(idParam(c))))
    .get('/:id/form-answers', async (c) => c.json(await customerFormAnswers(idParam(c))));
}
