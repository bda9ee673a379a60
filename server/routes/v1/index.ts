import { except } from 'hono/combine';
import type { AppDeps } from '../../deps';
import { requireApiKey } from '../../http/requireApiKey';
import { apiDocsPage } from '../../pages/apiDocs';
import { v1App } from './app';
import { customerLookupRoutes } from './customers';
import { entitlementRoutes } from './entitlements';
import { portalSessionRoutes } from './portalSessions';
import { signupLinkRoutes } from './signupLinks';
import { userLookupRoutes } from './users';
import { describeWebhooks } from './webhookDocs';

/** Public: what the API is and how to call it; every other /api/v1 route takes an API key. */
export const OPEN_PATHS = ['/api/v1/openapi.json', '/api/v1/docs'];

/** /api/v1: the API the business's own apps call with API keys, described by /api/v1/openapi.json. */
export function v1Routes(deps: AppDeps) {
  const app = v1App();
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key made by an owner in the admin (API keys); scopes `read` and `write`.',
  });
  app.use('*', except(OPEN_PATHS, requireApiKey(deps.db)));
  app.route('/', customerLookupRoutes());
  app.route('/', userLookupRoutes(deps));
  app.route('/', signupLinkRoutes(deps));
  app.route('/', portalSessionRoutes(deps));
  app.route('/', entitlementRoutes());
  describeWebhooks(app);
  const documentConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Recur API',
      version: '1',
      description: "Recur's API for the business's own apps: linked accounts, signup links, portal sessions, subscriptions and entitlements.",
    },
    servers: [{ url: `${deps.baseUrl}/api/v1` }],
  };
  app.doc31('/openapi.json', documentConfig);
  // The reference page is drawn from the very same document, so the two never disagree.
  app.get(
    '/docs',
    apiDocsPage(() => app.getOpenAPI31Document(documentConfig)),
  );
  return app;
}
