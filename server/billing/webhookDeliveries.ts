import { z } from 'zod';
import { Op } from 'sequelize';
import type { SessionUser } from '../auth/sessions';
import { AppEvent, WebhookDelivery, WebhookEndpoint } from '../db/models';
import { listPage, type JsonPage } from '../db/list';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';
import { wakeWebhookWorker } from '../appEvents/worker';
import type { ListQuery } from '../../shared/listQuery';
import { recordId } from '../../shared/ids';
import { APP_EVENT_TYPES, DELIVERY_STATUSES } from '../../shared/webhooks';
import { audit } from './audit';
import { webhookManagers } from './webhookEndpoints';

const SPEC = {
  sortable: ['createdAt', 'updatedAt', 'status', 'eventType', 'attempts', 'nextAttemptAt', 'lastAttemptAt', 'responseStatus', 'endpointId'],
  defaultSort: ['createdAt', 'DESC'],
  filters: { endpointId: recordId(), status: z.enum(DELIVERY_STATUSES), eventType: z.enum(APP_EVENT_TYPES), eventId: z.string().min(1).max(40) },
} as const;

/** The claim's token and lease are the worker's business; the log shows what was sent and answered. */
export function presentDelivery(d: WebhookDelivery) {
  const {
    id,
    endpointId,
    eventId,
    eventType,
    status,
    attempts,
    nextAttemptAt,
    responseStatus,
    responseExcerpt,
    lastError,
    attemptLog,
    lastAttemptAt,
    deliveredAt,
    replays,
    createdAt,
    updatedAt,
  } = d;
  return {
    id,
    endpointId,
    eventId,
    eventType,
    status,
    attempts,
    nextAttemptAt,
    responseStatus,
    responseExcerpt,
    lastError,
    attemptLog,
    lastAttemptAt,
    deliveredAt,
    replays,
    createdAt,
    updatedAt,
  };
}

export async function listWebhookDeliveries(actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  webhookManagers(actor);
  const { rows, total, start, end } = await listPage(WebhookDelivery, SPEC, query);
  return { json: JSON.stringify(rows.map(presentDelivery)), total, start, end };
}

/** One delivery with the body it sends (the event as the receiver gets it). */
export async function getWebhookDelivery(actor: SessionUser, id: number) {
  webhookManagers(actor);
  const delivery = await WebhookDelivery.findByPk(id);
  if (!delivery) throw new NotFoundError(`No webhook delivery with id ${id}`);
  const event = await AppEvent.findByPk(delivery.eventId);
  return { ...presentDelivery(delivery), payload: event ? { type: event.type, timestamp: event.createdAt, data: event.data } : null };
}

/**
 * Sends a delivery again, with a fresh 3-day retry window: one send per click. The UPDATE only
 * takes a delivery that is finished (succeeded or failed), so the second request of a double
 * click finds it waiting already and changes nothing (409). Same `webhook-id`: it is the same message.
 */
export async function replayWebhookDelivery(db: Database, actor: SessionUser, id: number) {
  webhookManagers(actor);
  const now = new Date();
  const replayed = await db.write(async (transaction) => {
    const delivery = await WebhookDelivery.findByPk(id, { transaction });
    if (!delivery) throw new NotFoundError(`No webhook delivery with id ${id}`);
    const endpoint = await WebhookEndpoint.findByPk(delivery.endpointId, { transaction });
    if (!endpoint?.active) throw new ConflictError('The endpoint is disabled: enable it before replaying its deliveries');
    const [count] = await WebhookDelivery.update(
      { status: 'pending', nextAttemptAt: now, windowStart: now, replays: delivery.replays + 1 },
      { where: { id, status: { [Op.in]: ['succeeded', 'failed'] } }, transaction },
    );
    if (count === 0) throw new ConflictError('This delivery is already waiting to be sent');
    await audit(
      actor,
      {
        action: 'webhook_delivery.replay',
        entityType: 'webhook_delivery',
        entityId: id,
        details: { eventId: delivery.eventId, endpointId: delivery.endpointId },
      },
      transaction,
    );
    return WebhookDelivery.findByPk(id, { transaction });
  });
  wakeWebhookWorker(db);
  return presentDelivery(replayed!);
}
