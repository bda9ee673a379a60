import { refundPayment } from '../billing/refunds';
import { retryPayment } from '../billing/retry';
import type { AppDeps } from '../deps';
import { idParam, jsonBody, noBody } from '../http/validate';
import { refundSchema } from '../../shared/actions';
import { present, readOnlyResource } from './readOnlyResource';

export function paymentRoutes({ db, stripe, log }: AppDeps) {
  return readOnlyResource('payments')
    .post('/:id/retry', async (c) => {
      await noBody(c);
      return c.json(present(await retryPayment({ db, stripe }, idParam(c), c.get('user'))));
    })
    .post('/:id/refund', async (c) => {
      const request = await jsonBody(c, refundSchema);
      return c.json(present(await refundPayment({ db, stripe, log }, idParam(c), request, c.get('user'))));
    });
}
