import { Hono } from 'hono';
import { z } from 'zod';
import { subscriptionForEmail } from '../billing/integration';
import type { AppDeps } from '../deps';
import { requireApiKey } from '../http/requireApiKey';
import { parseOrThrow } from '../http/validate';

const emailParam = z.object({ email: z.string().trim().max(254).pipe(z.email('must be an e-mail address')) });

/** /api/v1: the integration API for the business's own apps, authenticated with API keys. */
export function integrationRoutes({ db }: AppDeps) {
  return new Hono()
    .use('*', requireApiKey(db))
    .get('/customers/:email/subscription', async (c) => {
      const { email } = parseOrThrow(emailParam, { email: c.req.param('email') }, 'e-mail');
      return c.json(await subscriptionForEmail(email));
    });
}
