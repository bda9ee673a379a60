import { z } from 'zod';
import type { SessionUser } from '../auth/sessions';
import { Notification } from '../db/models';
import { NOTIFICATION_STATUSES } from '../db/models/Notification';
import { sqlListPage, type JsonPage, type SqlList } from '../db/list';
import type { Database } from '../db/sequelize';
import { ConflictError, NotFoundError } from '../errors';
import { queue, wakeSender } from '../notify/outbox';
import { signInRequest } from '../notify/magicLink';
import { redactNullable, redactSignInLinks } from '../notify/redact';
import { TEMPLATE_KEYS } from '../../shared/emailTemplates';
import type { ListQuery } from '../../shared/listQuery';
import { audit } from './audit';
import { requireRole } from './roles';
import { recordId } from '../../shared/ids';

const SPEC = {
  sortable: ['createdAt', 'sentAt', 'status', 'template', 'to'],
  defaultSort: ['createdAt', 'DESC'],
  filters: {
    status: z.enum(NOTIFICATION_STATUSES),
    template: z.enum(TEMPLATE_KEYS),
    customerId: recordId(),
  },
  search: ['to'],
} as const;

/** A list row leaves the bodies out (they are the bulk of a row). */
const LISTED = ['id', 'template', 'to', 'customerId', 'subject', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'resentFrom', 'createdAt', 'sentAt'];

export function presentNotification(row: Notification) {
  const { data, claimedAt: _claimed, dedupeKey: _key, ...rest } = row.get();
  return { ...rest, data: JSON.parse(data) as Record<string, unknown> };
}

/** A million rows reachable (issue 17): raw SQL, totals counted per status and template (migration 029). */
const LIST: SqlList = {
  table: 'notifications',
  model: Notification,
  attributes: LISTED,
  dims: ['status', 'template'],
  ordered: { status: ['createdAt'], template: ['createdAt'] },
};

export function listNotifications(_actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  return sqlListPage(LIST, SPEC, query);
}

const hideLinks = (value: unknown): unknown => (typeof value === 'string' ? redactSignInLinks(value) : value);

/**
 * A sign-in link's token signs its reader in as the customer. The outbox keeps one only in a
 * message it did not send (no SMTP_URL), and only while it works: owners and admins read that
 * message whole (they can act for the customer anyway, and it is how the link reaches anyone in
 * development); a viewer is read-only, so links are hidden from them.
 */
export async function getNotification(actor: SessionUser, id: number) {
  const row = await Notification.findByPk(id);
  if (!row) throw new NotFoundError(`No notification with id ${id}`);
  const shown = presentNotification(row);
  if (actor.role !== 'viewer') return shown;
  const data = Object.fromEntries(Object.entries(shown.data).map(([k, v]) => [k, hideLinks(v)]));
  return { ...shown, subject: redactNullable(shown.subject), textBody: redactNullable(shown.textBody), htmlBody: redactNullable(shown.htmlBody), data };
}

/**
 * Queues the message again as a new outbox row (the original stays as it was, for the record),
 * rendered afresh: a payment-failed or sign-in e-mail gets a new portal link, the first one being
 * single use (and no longer kept).
 */
export async function resendNotification(db: Database, actor: SessionUser, id: number) {
  requireRole(actor, ['owner', 'admin'], 're-send e-mails');
  const original = await Notification.findByPk(id);
  if (!original) throw new NotFoundError(`No notification with id ${id}`);
  if (original.status === 'queued' || original.status === 'sending')
    throw new ConflictError(`Notification ${id} has not been sent yet; it is ${original.status}`);
  const data = JSON.parse(original.data) as Record<string, string | number>;
  const again =
    original.template === 'magic_link'
      ? { ...signInRequest(original.to, id), customerId: original.customerId }
      : { template: original.template, to: original.to, customerId: original.customerId, data, resentFrom: id };
  const copy = await db.write(async (transaction) => {
    await queue(db, [again], transaction);
    const created = await Notification.findOne({ where: { resentFrom: id }, order: [['id', 'DESC']], transaction });
    await audit(
      actor,
      { action: 'notification.resend', entityType: 'notification', entityId: id, details: { to: original.to, template: original.template, copy: created!.id } },
      transaction,
    );
    return created!;
  });
  wakeSender(db);
  return presentNotification(copy);
}
