import type { Database } from '../db/sequelize';

/** Every message Recur sends; each has an editable template (email_templates) of the same key. */
export type TemplateKey = 'payment_failed' | 'payment_receipt' | 'trial_ending' | 'subscription_canceled' | 'magic_link' | 'admin_alert';

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
 * stores the outbox row and hands it to the sender.
 */
export async function queueNotification(db: Database, input: NotificationInput): Promise<void> {
  void db;
  void input;
  throw new Error('queueNotification: not implemented yet');
}
