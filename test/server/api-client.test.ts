import { readFile } from 'node:fs/promises';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource } from '../../scripts/apiTypes';
import { Customer, Plan } from '../../server/db/models';
import { operationsOf, type ApiDocument } from '../../server/pages/apiDocs/document';
import type { paths } from '../api-client/recur-api';
import { createApiKey } from '../helpers/apiKeys';
import { signInCookie, startTestRecur, type TestRecur } from '../helpers/recur';
import { settle } from '../helpers/settle';
import { signUp } from '../helpers/signup';
import { signUpThroughLink } from '../helpers/signupLink';

/**
 * An app's view of Recur: a client generated from /api/v1/openapi.json (openapi-typescript's types,
 * openapi-fetch's calls) over real HTTP. The calls are type-checked with the rest (npm run typecheck),
 * so a route whose schema changes breaks this file's compilation once the types are regenerated.
 */
let recur: TestRecur;
let document: ApiDocument;
let client: ReturnType<typeof createClient<paths>>;
let gold: Plan;
/** `GET /customers/{email}/subscription`: every operation the client called, as the document names it */
const called = new Set<string>();

beforeAll(async () => {
  recur = await startTestRecur();
  const baseUrl = await recur.listen();
  document = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as ApiDocument;
  const cookie = await signInCookie(recur.app);
  const key = await createApiKey(recur.app, cookie, 'the app', ['read', 'write']);
  client = createClient<paths>({ baseUrl: `${baseUrl}/api/v1`, headers: { authorization: `Bearer ${key}` } });
  client.use({ onRequest: ({ schemaPath, request }) => void called.add(`${request.method} ${schemaPath}`) });
  gold = (await Plan.findOne({ where: { name: 'Gold Monthly' } }))!;
  await giveGoldFeatures(cookie);
  await signUp(recur, 'Gold Monthly', 'member@example.com');
  await settle(recur);
});
afterAll(() => recur.close());

/** Features as an owner defines them in the admin: API access and 10 projects on Gold. */
async function giveGoldFeatures(cookie: string): Promise<void> {
  const admin = (method: string, path: string, body: unknown) =>
    recur.app.request(path, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (const feature of [
    { key: 'api', name: 'API access', kind: 'boolean' },
    { key: 'projects', name: 'Projects', kind: 'limit' },
  ]) {
    expect((await admin('POST', '/api/features', feature)).status).toBe(201);
  }
  expect((await admin('PUT', `/api/plans/${gold.id}`, { features: { api: true, projects: 10 } })).status).toBe(200);
}

it('is generated from the live document: the committed types are not stale', async () => {
  const committed = await readFile(API_TYPES_FILE, 'utf8');
  // On a difference, run `npm run api:types` and commit the result.
  expect(await apiTypesSource(document)).toBe(committed);
});

describe('every /api/v1 route, through the generated client', () => {
  it('GET /customers/{email}/subscription answers a subscriber, and 404 for a stranger', async () => {
    const { data, response } = await client.GET('/customers/{email}/subscription', { params: { path: { email: 'Member@Example.com' } } });
    expect(response.status).toBe(200);
    expect(data).toMatchObject({
      email: 'member@example.com',
      plan: { id: gold.id, name: 'Gold Monthly', tier: 'gold' },
      status: 'active',
      access: { entitled: true, reason: 'active' },
    });
    expect(new Date(data!.currentPeriodEnd!).getTime()).toBeGreaterThan(Date.now());

    const stranger = await client.GET('/customers/{email}/subscription', { params: { path: { email: 'nobody@example.com' } } });
    expect(stranger.response.status).toBe(404);
    expect(stranger.error?.message).toBeTruthy();
  });

  it('GET /customers/{email}/entitlements answers the plan’s features', async () => {
    const { data, response } = await client.GET('/customers/{email}/entitlements', { params: { path: { email: 'member@example.com' } } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ features: { api: true, projects: 10 } });
  });

  it('POST /signup-links makes a link that links the user once Checkout completes', async () => {
    const { data, response, error } = await client.POST('/signup-links', { body: { externalId: 'user_42', email: 'linked@example.com', planId: gold.id } });
    expect(response.status, JSON.stringify(error)).toBe(201);
    expect(new Date(data!.expiresAt).getTime()).toBeGreaterThan(Date.now());
    await signUpThroughLink(recur, data!.url);
    await settle(recur);
    expect((await Customer.findOne({ where: { email: 'linked@example.com' } }))?.externalId).toBe('user_42');

    const refused = await client.POST('/signup-links', { body: { externalId: 'has space' } });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.errors?.externalId).toBeTruthy();
  });

  it('GET /users/{externalId}/subscription and /entitlements answer the linked user, and 404 for an unlinked id', async () => {
    const subscription = await client.GET('/users/{externalId}/subscription', { params: { path: { externalId: 'user_42' } } });
    expect(subscription.response.status).toBe(200);
    expect(subscription.data).toMatchObject({ email: 'linked@example.com', plan: { id: gold.id }, status: 'active', access: { entitled: true } });
    const entitlements = await client.GET('/users/{externalId}/entitlements', { params: { path: { externalId: 'user_42' } } });
    expect(entitlements.response.status).toBe(200);
    expect(entitlements.data).toEqual({ features: { api: true, projects: 10 } });

    for (const unlinked of [
      await client.GET('/users/{externalId}/subscription', { params: { path: { externalId: 'user_43' } } }),
      await client.GET('/users/{externalId}/entitlements', { params: { path: { externalId: 'user_43' } } }),
    ])
      expect(unlinked.response.status).toBe(404);
  });

  it('PUT /users/{externalId} links a customer who subscribed before the app used links, once', async () => {
    const member = (await Customer.findOne({ where: { email: 'member@example.com' } }))!;
    const first = await client.PUT('/users/{externalId}', { params: { path: { externalId: 'user_7' } }, body: { email: 'member@example.com' } });
    expect(first.response.status, JSON.stringify(first.error)).toBe(200);
    expect(first.data).toEqual({ customerId: member.id, externalId: 'user_7', email: 'member@example.com', linked: true });
    const again = await client.PUT('/users/{externalId}', { params: { path: { externalId: 'user_7' } }, body: { email: 'member@example.com' } });
    expect(again.data?.linked).toBe(false);
    const subscription = await client.GET('/users/{externalId}/subscription', { params: { path: { externalId: 'user_7' } } });
    expect(subscription.data).toMatchObject({ email: 'member@example.com', plan: { id: gold.id } });

    // user_42 is someone else already.
    const taken = await client.PUT('/users/{externalId}', { params: { path: { externalId: 'user_42' } }, body: { email: 'member@example.com' } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.message).toBeTruthy();
  });

  it('POST /portal-sessions answers a URL that opens the portal, by externalId or e-mail', async () => {
    for (const body of [{ externalId: 'user_42', returnUrl: 'https://app.example.com/account' }, { email: 'member@example.com' }]) {
      const { data, response, error } = await client.POST('/portal-sessions', { body });
      expect(response.status, JSON.stringify(error)).toBe(201);
      expect(new Date(data!.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const opened = await fetch(data!.url, { redirect: 'manual' });
      expect(opened.status).toBeLessThan(400);
    }
    const neither = await client.POST('/portal-sessions', { body: { returnUrl: 'https://app.example.com/account' } });
    expect(neither.response.status).toBe(400);
  });

  it('called every operation of the document, and nothing else', () => {
    const operations = operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect([...called].sort()).toEqual(operations.sort());
  });
});
