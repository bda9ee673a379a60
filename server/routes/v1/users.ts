import { createRoute, z } from '@hono/zod-openapi';
import { subscriptionForExternalId } from '../../billing/integration';
import { requireScope } from '../../http/requireApiKey';
import { v1App } from './app';
import { externalIdSchema } from './linkSchemas';
import { commonErrors, conflict, notFound, subscriptionAnswerSchema } from './schemas';
import type { AppDeps } from '../../deps';
import { apiKeyActor } from '../../linkedAccounts/actor';
import { linkCustomerByEmail } from '../../linkedAccounts/linkByEmail';

const externalIdParam = z.object({ externalId: externalIdSchema.openapi({ param: { name: 'externalId', in: 'path' } }) });

const subscriptionByExternalId = createRoute({
  method: 'get',
  path: '/users/{externalId}/subscription',
  tags: ['Users'],
  summary: "Subscription and access by your app's user id",
  description: 'The same answer as by e-mail, for the customer linked to this user id (by a signup link). 404 when none is linked.',
  security: [{ apiKey: ['read'] }],
  middleware: [requireScope('read')] as const,
  request: { params: externalIdParam },
  responses: {
    200: { description: 'The answer', content: { 'application/json': { schema: subscriptionAnswerSchema } } },
    ...commonErrors,
    ...notFound,
  },
});

const linkBody = z
  .strictObject({
    email: z.string().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an e-mail address')).openapi({ example: 'ada@example.com' }),
  })
  .openapi('LinkRequest');

const linkAnswer = z
  .object({
    customerId: z.number().int(),
    externalId: z.string(),
    email: z.string(),
    linked: z.boolean().openapi({ description: 'false when the user id named this customer already: a repeated call changes nothing' }),
  })
  .openapi('UserLink');

const linkByEmail = createRoute({
  method: 'put',
  path: '/users/{externalId}',
  tags: ['Linked accounts'],
  summary: 'Link an existing customer to your user id',
  description:
    'For users who subscribed before your app used signup links: links the one customer with this e-mail to the user id, and sends `customer.linked`. Repeating the call changes nothing. 409 when the user id or the customer is linked to someone else already, or several customers share the e-mail.',
  security: [{ apiKey: ['write'] }],
  middleware: [requireScope('write')] as const,
  request: { params: externalIdParam, body: { content: { 'application/json': { schema: linkBody } }, required: true } },
  responses: {
    200: { description: 'Linked (or linked already)', content: { 'application/json': { schema: linkAnswer } } },
    ...commonErrors,
    ...notFound,
    ...conflict('The user id or the customer is linked to someone else, or the e-mail is ambiguous'),
  },
});

/** Lookups by the business's own user id (linked accounts), and linking an existing customer to one. */
export function userLookupRoutes({ db }: AppDeps) {
  return v1App()
    .openapi(subscriptionByExternalId, async (c) => {
      const { externalId } = c.req.valid('param');
      return c.json(await subscriptionForExternalId(externalId), 200);
    })
    .openapi(linkByEmail, async (c) => {
      const { externalId } = c.req.valid('param');
      const { email } = c.req.valid('json');
      return c.json(await linkCustomerByEmail(db, externalId, email, apiKeyActor(c.get('apiKey'))), 200);
    });
}
