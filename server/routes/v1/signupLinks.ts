import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { requireScope } from '../../http/requireApiKey';
import { apiKeyActor } from '../../linkedAccounts/actor';
import { createSignupLink } from '../../linkedAccounts/signupLinks';
import { v1App } from './app';
import { linkAnswerSchema, signupLinkBody } from './linkSchemas';
import { commonErrors } from './schemas';

const createLink = createRoute({
  method: 'post',
  path: '/signup-links',
  tags: ['Linked accounts'],
  summary: 'A signup link for one of your users',
  description:
    'A link to a signup form, prefilled for this user, good for 24 hours. When Checkout completes through it, the customer is linked to `externalId` ' +
    '(event `customer.linked`) and the link is spent. If the user id is already linked, the Checkout is for that same customer.',
  security: [{ apiKey: ['write'] }],
  middleware: [requireScope('write')] as const,
  request: { body: { content: { 'application/json': { schema: signupLinkBody } }, required: true } },
  responses: {
    201: { description: 'The link', content: { 'application/json': { schema: linkAnswerSchema } } },
    ...commonErrors,
  },
});

export function signupLinkRoutes({ db, baseUrl }: AppDeps) {
  return v1App().openapi(createLink, async (c) => {
    const { url, expiresAt } = await createSignupLink(db, baseUrl, c.req.valid('json'), apiKeyActor(c.get('apiKey')));
    return c.json({ url, expiresAt: expiresAt.toISOString() }, 201);
  });
}
