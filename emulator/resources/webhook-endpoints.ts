import type Stripe from 'stripe';
import { Hono } from 'hono';
import type { EmulatorEnv } from '../http/env';
import type { Runtime } from '../runtime';
import type { Params } from '../http/params';
import { paramsOf } from '../http/env';
import { mergeMetadata } from '../http/params';
import { invalidParam, missingParam, noSuchResource } from '../http/errors';
import { paginate, readPageRequest } from '../http/pagination';
import { sendList, sendObject } from '../http/respond';
import { newId, randomToken } from '../ids';
import { API_VERSIONS } from '../events/api-versions';

function readUrl(p: Params, required: boolean): string | undefined {
  const url = required ? p.requiredString('url') : p.string('url');
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw invalidParam('url', `Invalid URL: ${url}`);
  }
  return url;
}

function readEvents(p: Params, required: boolean): string[] | undefined {
  const events = p.stringArray('enabled_events');
  if (events === undefined || events.length === 0) {
    if (required) throw missingParam('enabled_events');
    return undefined;
  }
  if (events.includes('*') && events.length > 1) {
    throw invalidParam('enabled_events', "'*' cannot be combined with other event types.");
  }
  return events;
}

export function requireEndpoint(rt: Runtime, id: string): Stripe.WebhookEndpoint {
  const endpoint = rt.store.webhookEndpoints.get(id);
  if (!endpoint) throw noSuchResource('webhook endpoint', id);
  return endpoint;
}

export function webhookEndpointRoutes(rt: Runtime): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();

  app.post('/', (c) => {
    const p = paramsOf(c);
    const url = readUrl(p, true) ?? '';
    const enabledEvents = readEvents(p, true) ?? [];
    const description = p.nullableString('description');
    const metadata = p.metadata();
    // An enum in Stripe's spec (the SDK's WebhookEndpointCreateParams.ApiVersion): anything else is refused.
    const apiVersion = p.oneOf('api_version', API_VERSIONS);
    // Test-only extension: a fixed secret lets a test or a dev setup configure its receiver up front.
    const secret = p.string('secret');
    const expand = p.stringArray('expand') ?? [];
    p.done();
    if (secret !== undefined && !/^whsec_\w{8,}$/.test(secret)) {
      throw invalidParam('secret', 'A webhook secret must look like whsec_ followed by at least 8 characters.');
    }
    const endpoint: Stripe.WebhookEndpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      // Null when not given, as Stripe shows it: deliveries then follow the account's default version.
      api_version: apiVersion ?? null,
      application: null,
      created: rt.clock.now(),
      description: description ?? null,
      enabled_events: enabledEvents,
      livemode: false,
      metadata: metadata ?? {},
      status: 'enabled',
      url,
    };
    rt.store.webhookEndpoints.insert(endpoint);
    const signingSecret = secret ?? `whsec_${randomToken(32)}`;
    rt.store.webhookSecrets.set(endpoint.id, signingSecret);
    // The secret is shown once, in the create response, as Stripe does.
    return sendObject(c, rt.store, { ...endpoint, secret: signingSecret }, expand);
  });

  app.get('/', (c) => {
    const p = paramsOf(c);
    const page = readPageRequest(p);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const items = rt.store.webhookEndpoints.newestFirst();
    return sendList(c, rt.store, paginate(items, page, '/v1/webhook_endpoints', 'webhook endpoint'), expand);
  });

  app.get('/:id', (c) => {
    const p = paramsOf(c);
    const expand = p.stringArray('expand') ?? [];
    p.done();
    return sendObject(c, rt.store, requireEndpoint(rt, c.req.param('id')), expand);
  });

  app.post('/:id', (c) => {
    const p = paramsOf(c);
    const current = requireEndpoint(rt, c.req.param('id'));
    const url = readUrl(p, false);
    const enabledEvents = readEvents(p, false);
    const description = p.nullableString('description');
    const disabled = p.boolean('disabled');
    const metadata = p.metadata();
    const expand = p.stringArray('expand') ?? [];
    p.done();
    const next: Stripe.WebhookEndpoint = {
      ...current,
      url: url ?? current.url,
      enabled_events: enabledEvents ?? current.enabled_events,
      description: description === undefined ? current.description : description,
      status: disabled === undefined ? current.status : disabled ? 'disabled' : 'enabled',
      metadata: mergeMetadata(current.metadata, metadata),
    };
    rt.store.webhookEndpoints.replace(next);
    return sendObject(c, rt.store, next, expand);
  });

  app.delete('/:id', (c) => {
    const endpoint = requireEndpoint(rt, c.req.param('id'));
    paramsOf(c).done();
    rt.store.webhookEndpoints.remove(endpoint.id);
    rt.store.webhookSecrets.delete(endpoint.id);
    const deleted: Stripe.DeletedWebhookEndpoint = { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
    return c.json(deleted);
  });

  return app;
}
