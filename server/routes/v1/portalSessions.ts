import { createRoute } from '@hono/zod-openapi';
import type { AppDeps } from '../../deps';
import { requireScope } from '../../http/requireApiKey';
import { apiKeyActor } from '../../linkedAccounts/actor';
import { createPortalSession } from '../../linkedAccounts/portalSessions';
import { v1App } from './app';
import { linkAnswerSchema, portalSessionBody } from './linkSchemas';
import { commonErrors, notFound } from './schemas';

const createSession = createRoute({
  method: 'post',
  path: '/portal-sessions',
  tags: ['Linked accounts'],
  summary: 'A portal URL that opens signed in',
  description: 'For a user signed in to your app: the URL opens the customer portal signed in, once, within 15 minutes. The portal links back to `returnUrl`.',
  security: [{ apiKey: ['write'] }],
  middleware: [requireScope('write')] as const,
  request: { body: { content: { 'application/json': { schema: portalSessionBody } }, required: true } },
  responses: {
    201: { description: 'The portal URL', content: { 'application/json': { schema: linkAnswerSchema } } },
    ...commonErrors,
    ...notFound,
  },
});

export function portalSessionRoutes({ db, baseUrl }: AppDeps) {
  return v1App().openapi(createSession, async (c) => {
    const { url, expiresAt } = await createPortalSession(db, baseUrl, c.req.valid('json'), apiKeyActor(c.get('apiKey')));
    return c.json({ url, expiresAt: expiresAt.toISOString() }, 201);
  });
}
