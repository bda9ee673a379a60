import { OpenAPIHono } from '@hono/zod-openapi';
import { checkedResult } from '../../http/validate';
import type { ApiKeyEnv } from '../../http/requireApiKey';

/**
 * One /api/v1 sub-app. Its routes are declared with createRoute: the same zod schemas validate the
 * request and describe it in /api/v1/openapi.json, so the document cannot drift from what is accepted.
 * A refused request answers as every other route does (400, `{message, errors}`), NUL characters included.
 */
export function v1App() {
  return new OpenAPIHono<ApiKeyEnv>({
    defaultHook: (result) => {
      checkedResult(result, result.target === 'json' ? 'request body' : result.target === 'param' ? 'path' : result.target);
    },
  });
}

export type V1App = ReturnType<typeof v1App>;

/** The error answer every refusal shares, for the document. */
export { errorSchema } from './schemas';
