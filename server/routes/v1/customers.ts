import { createRoute, z } from '@hono/zod-openapi';
import { subscriptionForEmail } from '../../billing/integration';
import { requireScope } from '../../http/requireApiKey';
import { v1App } from './app';
import { commonErrors, notFound, subscriptionAnswerSchema } from './schemas';

const emailParam = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('must be an e-mail address'))
    .openapi({ param: { name: 'email', in: 'path' }, example: 'ada@example.com' }),
});

const subscriptionByEmail = createRoute({
  method: 'get',
  path: '/customers/{email}/subscription',
  tags: ['Users'],
  summary: 'Subscription and access by e-mail',
  description: 'The subscription that entitles most among the customers with this e-mail, with the access policy applied.',
  // OpenAPI 3.1 lets a requirement list the roles it needs: the scope enforced just below, for the document.
  security: [{ apiKey: ['read'] }],
  middleware: [requireScope('read')] as const,
  request: { params: emailParam },
  responses: {
    200: { description: 'The answer', content: { 'application/json': { schema: subscriptionAnswerSchema } } },
    ...commonErrors,
    ...notFound,
  },
});

/** Lookups by e-mail, kept for apps written before linked accounts (externalId). */
export function customerLookupRoutes() {
  return v1App().openapi(subscriptionByEmail, async (c) => {
    const { email } = c.req.valid('param');
    return c.json(await subscriptionForEmail(email), 200);
  });
}
