import type { ApiKeyScope } from '../../shared/apiKeys';
import type { RecurApp } from '../../server/app';

/** Creates an API key as the owner does in the admin (POST /api/api-keys) and returns its secret, shown this once. */
export async function createApiKey(app: RecurApp, cookie: string, name: string, scopes?: ApiKeyScope[]): Promise<string> {
  const res = await app.request('/api/api-keys', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(scopes ? { name, scopes } : { name }),
  });
  if (res.status !== 201) throw new Error(`creating the API key answered ${res.status}: ${await res.text()}`);
  const { key } = (await res.json()) as { key: string };
  return key;
}
