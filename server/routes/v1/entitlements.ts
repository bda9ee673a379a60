import { createRoute, z } from '@hono/zod-openapi';
import { entitlementsForEmail, entitlementsForExternalId } from '../../billing/entitlements';
import { requireScope } from '../../http/requireApiKey';
import { EXTERNAL_ID_MESSAGE, EXTERNAL_ID_PATTERN } from '../../linkedAccounts/externalId';
import { v1App } from './app';
import { commonErrors, notFound } from './schemas';

const entitlementsSchema = z
  .object({
    features: z.record(z.string(), z.union([z.boolean(), z.number().int().min(0)])).openapi({
      description:
        'Every feature defined in the admin, by key: on/off features as booleans, limits as numbers. Without access (per the access policy) every boolean is false and every limit 0.',
      example: { api: true, projects: 25 },
    }),
  })
  .openapi('Entitlements');

const externalIdParam = z.object({
  externalId: z
    .string()
    .regex(EXTERNAL_ID_PATTERN, EXTERNAL_ID_MESSAGE)
    .openapi({ param: { name: 'externalId', in: 'path' }, example: 'user_42' }),
});

const emailParam = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('must be an e-mail address'))
    .openapi({ param: { name: 'email', in: 'path' }, example: 'ada@example.com' }),
});

const answers = {
  200: { description: "The user's features, access policy applied", content: { 'application/json': { schema: entitlementsSchema } } },
  ...commonErrors,
  ...notFound,
} as const;

const byExternalId = createRoute({
  method: 'get',
  path: '/users/{externalId}/entitlements',
  tags: ['Users'],
  summary: 'Entitlements of a linked user',
  description:
    "Features and limits of the customer linked to this user id: summed over the subscription's plan and add-ons (a per-seat plan's limits times its seats), with the access policy applied.",
  security: [{ apiKey: ['read'] }],
  middleware: [requireScope('read')] as const,
  request: { params: externalIdParam },
  responses: answers,
});

const byEmail = createRoute({
  method: 'get',
  path: '/customers/{email}/entitlements',
  tags: ['Users'],
  summary: 'Entitlements by e-mail',
  description: 'The same answer for apps not linked yet; several customers with this e-mail combine as several subscriptions do.',
  security: [{ apiKey: ['read'] }],
  middleware: [requireScope('read')] as const,
  request: { params: emailParam },
  responses: answers,
});

/** GET …/entitlements (DESIGN §3.2): what an app gates its features on. */
export function entitlementRoutes() {
  return v1App()
    .openapi(byExternalId, async (c) => c.json({ features: await entitlementsForExternalId(c.req.valid('param').externalId) }, 200))
    .openapi(byEmail, async (c) => c.json({ features: await entitlementsForEmail(c.req.valid('param').email) }, 200));
}
