import type { Database } from '../db/sequelize';
import type { TemplateKey } from '../../shared/emailTemplates';

/** A notification to queue: the template, its recipient and the data it is rendered from. */
export interface QueueInput {
  template: TemplateKey;
  to: string;
  customerId?: number | null;
  data: Record<string, string | number>;
  dedupeKey?: string;
  /** the notification this one re-sends */
  resentFrom?: number;
}

/** What rendering a template's variables reads from: billing rows, and where links point. */
export interface VariableContext {
  db: Database;
  /** where customers reach Recur: portal links are built from it */
  baseUrl: string;
  /**
   * The outbox row the rendered message stays in, readable, when it is not sent (no SMTP_URL): the
   * sign-in tokens made for it name it, so it is redacted once they are used or expire.
   */
  keptIn?: number | null;
}
