import type { Database } from '../db/sequelize';
import type { TemplateKey } from '../../shared/emailTemplates';
import { queue } from './outbox';

export type { TemplateKey } from '../../shared/emailTemplates';
export { startSender, type Sender, type SenderOptions } from './sender';

export interface NotificationInput {
  template: TemplateKey;
  to: string;
  customerId?: number | null;
  /** the template's variables, e.g. { link } for magic_link */
  data: Record<string, string>;
  /** the same key never queues twice (e.g. `payment_failed:<payment id>`) */
  dedupeKey?: string;
}

/**
 * Renders the template (subject, text and html with {{var}} substitution, HTML-escaped in html),
 * stores the outbox row and hands it to the sender: sent through SMTP_URL when set, else kept in
 * the outbox (status stored), where the admin reads it.
 */
export async function queueNotification(db: Database, input: NotificationInput): Promise<void> {
  await queue(db, [input]);
}
