import { z } from 'zod';
import type { SessionUser } from '../auth/sessions';
import { WebhookDelivery, WebhookEndpoint } from '../db/models';
import { listPage, type JsonPage } from '../db/list';
import type { Database } from '../db/sequelize';
import { NotFoundError } from '../errors';
import { newEndpointSecret } from '../appEvents/sign';
import { wakeWebhookWorker } from '../appEvents/worker';
import type { ListQuery } from '../../shared/listQuery';
import type { WebhookEndpointCreate, WebhookEndpointUpdate } from '../../shared/webhooks';
import { audit } from './audit';
import { requireRole } from './roles';

const SPEC = {
  sortable: ['url', 'active', 'createdAt', 'updatedAt', 'lastSuccessAt', 'failingSince'],
  defaultSort: ['createdAt', 'DESC'],
  filters: { active: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]) },
  search: ['url', 'description'],
} as const;

/** Endpoints send the business's data to URLs: billing staff (owner, admin) manage them, viewers do not see them. */
export const webhookManagers = (actor: SessionUser) => requireRole(actor, ['owner', 'admin'], 'manage webhook endpoints');

/**
 * Never the secret: it leaves the server once, when made (create, rotate). The hint tells
 * secrets apart (which one an app has), as a key prefix does for API keys.
 */
export function presentEndpoint(endpoint: WebhookEndpoint) {
  const { id, url, description, events, active, failingSince, lastSuccessAt, disabledAt, disabledReason, createdAt, updatedAt } = endpoint;
  return {
    id,
    url,
    description,
    events,
    active,
    secretHint: `whsec_…${endpoint.secret.slice(-4)}`,
    failingSince,
    lastSuccessAt,
    disabledAt,
    disabledReason,
    createdAt,
    updatedAt,
  };
}
export type ShownEndpoint = ReturnType<typeof presentEndpoint>;

export async function listWebhookEndpoints(actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  webhookManagers(actor);
  const { rows, total, start, end } = await listPage(WebhookEndpoint, SPEC, query);
  return { json: JSON.stringify(rows.map(presentEndpoint)), total, start, end };
}

async function find(id: number): Promise<WebhookEndpoint> {
  const endpoint = await WebhookEndpoint.findByPk(id);
  if (!endpoint) throw new NotFoundError(`No webhook endpoint with id ${id}`);
  return endpoint;
}

export async function getWebhookEndpoint(actor: SessionUser, id: number): Promise<ShownEndpoint> {
  webhookManagers(actor);
  return presentEndpoint(await find(id));
}

export async function createWebhookEndpoint(db: Database, actor: SessionUser, input: WebhookEndpointCreate): Promise<ShownEndpoint & { secret: string }> {
  webhookManagers(actor);
  const secret = newEndpointSecret();
  const endpoint = await db.write(async (transaction) => {
    const created = await WebhookEndpoint.create(
      { url: input.url, description: input.description, events: input.events, active: input.active, secret },
      { transaction },
    );
    await audit(
      actor,
      { action: 'webhook_endpoint.create', entityType: 'webhook_endpoint', entityId: created.id, details: { url: input.url, events: input.events } },
      transaction,
    );
    return created;
  });
  return { ...presentEndpoint(endpoint), secret };
}

/** Enabling an endpoint again starts its health afresh: its failures so far do not count against it. */
export async function updateWebhookEndpoint(db: Database, actor: SessionUser, id: number, input: WebhookEndpointUpdate): Promise<ShownEndpoint> {
  webhookManagers(actor);
  const endpoint = await db.write(async (transaction) => {
    const row = await WebhookEndpoint.findByPk(id, { transaction });
    if (!row) throw new NotFoundError(`No webhook endpoint with id ${id}`);
    const enabling = input.active === true && !row.active;
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    await row.update({ ...changes, ...(enabling ? { failingSince: null, disabledAt: null, disabledReason: null } : {}) }, { transaction });
    await audit(actor, { action: 'webhook_endpoint.update', entityType: 'webhook_endpoint', entityId: id, details: changes }, transaction);
    return row;
  });
  wakeWebhookWorker(db);
  return presentEndpoint(endpoint);
}

export async function deleteWebhookEndpoint(db: Database, actor: SessionUser, id: number): Promise<ShownEndpoint> {
  webhookManagers(actor);
  return db.write(async (transaction) => {
    const row = await WebhookEndpoint.findByPk(id, { transaction });
    if (!row) throw new NotFoundError(`No webhook endpoint with id ${id}`);
    // SQLite enforces no foreign keys here: its deliveries go explicitly, in the same transaction.
    await WebhookDelivery.destroy({ where: { endpointId: id }, transaction });
    await row.destroy({ transaction });
    await audit(actor, { action: 'webhook_endpoint.delete', entityType: 'webhook_endpoint', entityId: id, details: { url: row.url } }, transaction);
    return presentEndpoint(row);
  });
}

/** A new secret, in force at once (retries of pending deliveries are signed with it); the old one stops working. */
export async function rotateWebhookSecret(db: Database, actor: SessionUser, id: number): Promise<ShownEndpoint & { secret: string }> {
  webhookManagers(actor);
  const secret = newEndpointSecret();
  const endpoint = await db.write(async (transaction) => {
    const row = await WebhookEndpoint.findByPk(id, { transaction });
    if (!row) throw new NotFoundError(`No webhook endpoint with id ${id}`);
    await row.update({ secret }, { transaction });
    await audit(actor, { action: 'webhook_endpoint.rotate_secret', entityType: 'webhook_endpoint', entityId: id }, transaction);
    return row;
  });
  return { ...presentEndpoint(endpoint), secret };
}
