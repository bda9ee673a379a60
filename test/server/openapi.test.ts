import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_V1_BYTES } from '../../server/http/bodyLimits';
import { CONTENT_SECURITY_POLICY } from '../../server/http/securityHeaders';
import { exampleValue } from '../../server/pages/apiDocs/curlExample';
import { fullPath, operationsOf, scopesOf, type ApiDocument, type OperationEntry } from '../../server/pages/apiDocs/document';
import { OPEN_PATHS } from '../../server/routes/v1';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../shared/apiKeys';
import { createApiKey } from '../helpers/apiKeys';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';

let recur: TestRecur;
let baseUrl: string;
let document: ApiDocument;
let operations: OperationEntry[];
const keys = {} as Record<ApiKeyScope, string>;

beforeAll(async () => {
  recur = await startTestRecur({ seed: false });
  baseUrl = await recur.listen();
  // Over real HTTP and without a key: the document is public, as a client generator fetches it.
  const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as ApiDocument;
  operations = operationsOf(document);
  const cookie = await signInCookie(recur.app);
  for (const scope of API_KEY_SCOPES) keys[scope] = await createApiKey(recur.app, cookie, `${scope} only`, [scope]);
});
afterAll(() => recur.close());

const label = ({ method, path }: Pick<OperationEntry, 'method' | 'path'>) => `${method.toUpperCase()} ${path}`;

/** A request the operation's route is reached with; its values need not be valid (the scope is checked before them). */
function requestFor({ method, path }: OperationEntry, authorization?: string, body = '{}'): Promise<Response> {
  const url = `${baseUrl}${fullPath(document, path.replace(/\{[^}]+\}/g, 'x'))}`;
  const hasBody = method !== 'get' && method !== 'head' && method !== 'delete';
  return fetch(url, {
    method: method.toUpperCase(),
    headers: { ...(authorization ? { authorization } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? body : undefined,
  });
}

describe('/api/v1/openapi.json', () => {
  it('passes @readme/openapi-parser as an OpenAPI 3.1 document, with no warning', async () => {
    expect(document.openapi).toBe('3.1.0');
    // The parser dereferences what it is given in place: it gets a copy.
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
    expect(result.warnings.map((w) => w.message)).toEqual([]);

    // The validator does look: the same document with an answer missing its (required) description fails.
    const broken = structuredClone(document);
    const [first] = operationsOf(broken);
    delete Object.values(first.operation.responses ?? {})[0]?.description;
    expect((await validate(broken as Parameters<typeof validate>[0])).valid).toBe(false);
  });

  it('describes every route mounted under /api/v1, and nothing else', () => {
    // Hono's own route list: a route added with app.get() instead of createRoute is missing from the document and fails here.
    const mounted = recur.app.routes
      .filter((route) => route.path.startsWith('/api/v1/') && !route.path.includes('*') && !OPEN_PATHS.includes(route.path))
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
    const documented = operations.map((entry) => `${entry.method.toUpperCase()} ${fullPath(document, entry.path)}`);
    expect(operations.length).toBeGreaterThan(0);
    expect([...new Set(mounted)].sort()).toEqual([...documented].sort());
  });

  it('has every operation take an API key with the one scope it needs, and document its answer, 400, 401 and 403', () => {
    const scheme = document.components?.securitySchemes?.apiKey;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const entry of operations) {
      // The scope requireScope enforces, stated in the document too (OpenAPI 3.1 lists roles per requirement).
      expect(entry.operation.security, `${label(entry)}: security: [{ apiKey: ['read' or 'write'] }]`).toEqual([
        { apiKey: [expect.stringMatching(/^(read|write)$/)] },
      ]);
      const statuses = Object.keys(entry.operation.responses ?? {});
      expect(statuses, label(entry)).toEqual(expect.arrayContaining(['400', '401', '403']));
      expect(
        statuses.filter((status) => /^2\d\d$/.test(status)),
        label(entry),
      ).toHaveLength(1);
      expect(entry.operation.summary, label(entry)).toBeTruthy();
    }
  });
});

describe('scopes, as the document declares them', () => {
  it('answers 401 without a key, 403 naming the scope to a key without it, and lets a key with it through', async () => {
    for (const entry of operations) {
      const [needed] = scopesOf(document, entry.operation).scopes as ApiKeyScope[];
      expect(needed, `${label(entry)}: its createRoute names its scope, as security: [{ apiKey: ['read'] }]`).toBeDefined();
      expect((await requestFor(entry)).status, label(entry)).toBe(401);
      for (const scope of API_KEY_SCOPES) {
        const res = await requestFor(entry, `Bearer ${keys[scope]}`);
        const body = (await res.json()) as { message: string };
        if (scope === needed) {
          // Past the scope check: the placeholder values are refused or not found, never forbidden.
          expect([401, 403], `${label(entry)} with a ${scope} key`).not.toContain(res.status);
          expect(res.status, `${label(entry)} with a ${scope} key`).toBeLessThan(500);
        } else {
          expect(res.status, `${label(entry)} with a ${scope} key`).toBe(403);
          expect(body.message).toContain(`"${needed}" scope`);
        }
      }
    }
  });
});

describe('body size on /api/v1', () => {
  const oversized = `{"pad":"${'x'.repeat(MAX_V1_BYTES)}"}`;

  it(`refuses a body over ${MAX_V1_BYTES} bytes with 413 before the key is even looked at`, async () => {
    const bodied = operations.filter((entry) => entry.operation.requestBody);
    // Any path under /api/v1 takes the same limit, including one that takes no body (the route's own answer then follows).
    const targets = [...bodied, { method: 'post' as const, path: '/customers/{email}/subscription', operation: {} }];
    for (const entry of targets) {
      for (const key of [undefined, `Bearer ${keys.write}`]) {
        const res = await requestFor(entry, key, oversized);
        expect(res.status, label(entry)).toBe(413);
        expect((await res.json()).message).toContain(`at most ${MAX_V1_BYTES} bytes`);
      }
    }
  });
});

describe('/api/v1/docs', () => {
  it('shows example bodies the API accepts', async () => {
    for (const entry of operations.filter((e) => e.operation.requestBody)) {
      const schema = entry.operation.requestBody?.content?.['application/json']?.schema;
      expect(schema, label(entry)).toBeDefined();
      const res = await requestFor(
        entry,
        `Bearer ${keys[scopesOf(document, entry.operation).scopes[0] as ApiKeyScope]}`,
        JSON.stringify(exampleValue(document, schema!)),
      );
      // Valid as written: what follows may be a 404 (no such user here), never a refusal of the body.
      expect(res.status, `${label(entry)}: ${await res.clone().text()}`).not.toBe(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('is public HTML under the default CSP, without any script, naming every operation and its scope, and every webhook', async () => {
    const res = await fetch(`${baseUrl}/api/v1/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const page = await res.text();
    // Nothing for the CSP to block, and nothing that needs JavaScript: no script element, no inline handler.
    expect(page).not.toMatch(/<script|<[^>]*\son\w+=/i);
    for (const entry of operations) {
      expect(page, label(entry)).toContain(
        `<span class="method ${entry.method}">${entry.method.toUpperCase()}</span> <code class="path">${fullPath(document, entry.path)}</code>`,
      );
    }
    // And every event Recur sends, from the document's webhooks.
    for (const entry of operationsOf(document, 'webhooks')) expect(page).toContain(`<code class="path">${entry.path}</code>`);
    const [, ...sections] = page.split('<section class="operation" id="');
    const scopeLines = sections.map((section) => /Requires an API key with the scope <code>(\w+)<\/code>/.exec(section)?.[1]).filter(Boolean);
    expect(scopeLines).toEqual(operations.map((entry) => entry.operation.security?.[0]?.apiKey?.[0]));
    // Every in-page link lands somewhere: operations from the contents, named schemas from where they are used.
    const targets = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const [, anchor] of page.matchAll(/href="#([^"]+)"/g)) expect(targets, anchor).toContain(anchor);
  });
});
