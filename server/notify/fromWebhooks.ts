import { placeholders, type Sql } from '../db/sql';
import type { Snapshot } from '../stripe/apply/snapshot';
import type { TemplateKey } from '../../shared/emailTemplates';
import { insertOutboxRows } from './outboxRows';

/** A customer e-mail that applying an event calls for; rendered later, by the sender. */
export interface Notice {
  template: TemplateKey;
  customerId: number;
  /** e.g. payment_failed:<payment id>: the same fact never makes a second e-mail */
  dedupeKey: string;
  /** the local ids the sender builds the template's variables from (paymentId, subscriptionId) */
  data: Record<string, string | number>;
}

/** Events older than this (a catch-up after an outage, a backfill) are history, not news. */
const NEWS_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Only a webhook event about something recent tells the customer anything: a reconciliation or
 * an admin action applies fetched objects (no event id), and old events are history.
 */
export function isNews(snapshot: Snapshot<unknown>, nowSeconds: number): boolean {
  return snapshot.eventId !== null && snapshot.created >= nowSeconds - NEWS_WINDOW_SECONDS;
}

/** Queues the notices in the applying transaction, addressed to each customer's current e-mail. */
export async function queueNotices(sql: Sql, notices: readonly Notice[]): Promise<void> {
  if (!notices.length) return;
  const ids = [...new Set(notices.map((n) => n.customerId))];
  const customers = await sql.all<{ id: number; email: string | null }>(`SELECT id, email FROM customers WHERE id IN (${placeholders(ids.length)})`, ids);
  const emails = new Map(customers.map((c) => [Number(c.id), c.email]));
  const rows = notices.flatMap((notice) => {
    const to = emails.get(notice.customerId);
    return to ? [{ template: notice.template, to, customerId: notice.customerId, data: notice.data, dedupeKey: notice.dedupeKey }] : [];
  });
  await insertOutboxRows(sql, rows);
}
