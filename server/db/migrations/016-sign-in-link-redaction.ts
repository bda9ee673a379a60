import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './types';

/** Frozen copy of the rule in server/notify/redact.ts at the time of this migration. */
const SIGN_IN_TOKEN = /(\/portal\/auth\?token=)[A-Za-z0-9_-]+/g;
const redact = (text: string | null): string | null => (text === null ? null : text.replace(SIGN_IN_TOKEN, '$1(redacted)'));

interface Row {
  id: number;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  data: string;
}

/**
 * Sign-in tokens are no longer kept in the outbox. A token issued for a message that stays in the
 * outbox unsent (no SMTP_URL) names its message, so the message is redacted once the token is used
 * or expires. Messages written before this change kept their tokens in plain text: redacted here
 * (a link someone still needed is asked for again on /portal).
 */
export const migration: Migration = {
  name: '016-sign-in-link-redaction',
  async up(qi: QueryInterface) {
    await qi.addColumn('portal_tokens', 'notification_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addIndex('portal_tokens', ['notification_id']);
    const sequelize = qi.sequelize;
    const rows = await sequelize.query<Row>(
      `SELECT id, subject, text_body, html_body, data FROM notifications
       WHERE subject LIKE '%/portal/auth?token=%' OR text_body LIKE '%/portal/auth?token=%' OR html_body LIKE '%/portal/auth?token=%' OR data LIKE '%/portal/auth?token=%'`,
      { type: QueryTypes.SELECT },
    );
    for (const row of rows) {
      await sequelize.query('UPDATE notifications SET subject = ?, text_body = ?, html_body = ?, data = ? WHERE id = ?', {
        replacements: [redact(row.subject), redact(row.text_body), redact(row.html_body), redact(row.data), row.id],
      });
    }
  },
  async down(qi: QueryInterface) {
    await qi.removeIndex('portal_tokens', ['notification_id']);
    await qi.removeColumn('portal_tokens', 'notification_id');
  },
};
