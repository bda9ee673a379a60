import { Op, type Transaction } from 'sequelize';
import { Notification, PortalToken } from '../db/models';
import type { Database } from '../db/sequelize';

/** A portal sign-in link's token: whoever reads it can sign in as the customer. */
const SIGN_IN_TOKEN = /(\/portal\/auth\?token=)[A-Za-z0-9_-]+/g;

export const REDACTED = '(redacted)';

/**
 * The text with every sign-in token replaced, the rest kept (an admin still sees that a link was
 * sent, where to, and the whole message around it). Applied to the outbox's subject, bodies and data.
 */
export function redactSignInLinks(text: string): string {
  return text.replace(SIGN_IN_TOKEN, `$1${REDACTED}`);
}

export function redactNullable(text: string | null): string | null {
  return text === null ? null : redactSignInLinks(text);
}

/** Redacts the stored copies of messages whose links can no longer be used (or never were shown). */
async function redactMessages(ids: readonly number[], transaction: Transaction): Promise<void> {
  if (!ids.length) return;
  const rows = await Notification.findAll({ where: { id: [...ids] }, attributes: ['id', 'subject', 'textBody', 'htmlBody', 'data'], transaction });
  for (const row of rows) {
    await Notification.update(
      {
        subject: redactNullable(row.subject),
        textBody: redactNullable(row.textBody),
        htmlBody: redactNullable(row.htmlBody),
        data: redactSignInLinks(row.data),
      },
      { where: { id: row.id }, transaction },
    );
  }
}

/** The token was just spent: the message that showed it stops showing it, in the same transaction. */
export async function redactSpentToken(token: PortalToken, transaction: Transaction): Promise<void> {
  if (token.notificationId === null) return;
  await redactMessages([token.notificationId], transaction);
  await PortalToken.update({ notificationId: null }, { where: { id: token.id }, transaction });
}

/**
 * Messages kept in the outbox (no SMTP_URL) show their link while it works; this redacts those whose
 * link expired (a used one is redacted as it is used). Run with the sender's periodic checks.
 */
export async function redactExpiredLinks(db: Database, now = new Date()): Promise<number> {
  const expired = await PortalToken.findAll({
    where: { notificationId: { [Op.ne]: null }, expiresAt: { [Op.lte]: now } },
    attributes: ['id', 'notificationId'],
    limit: 500,
  });
  if (!expired.length) return 0;
  await db.write(async (transaction) => {
    await redactMessages(
      expired.map((t) => t.notificationId!),
      transaction,
    );
    await PortalToken.update({ notificationId: null }, { where: { id: expired.map((t) => t.id) }, transaction });
  });
  return expired.length;
}
