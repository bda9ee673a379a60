import type { Sql, SqlValue } from '../db/sql';
import type { TemplateKey } from '../../shared/emailTemplates';

/** An outbox row to insert; without subject it is rendered by the sender when its turn comes. */
export interface OutboxRow {
  template: TemplateKey;
  to: string;
  customerId: number | null;
  data: Record<string, string | number>;
  dedupeKey: string | null;
  rendered?: { subject: string; text: string; html: string };
  resentFrom?: number | null;
}

const COLUMNS = [
  'template',
  'to_address',
  'customer_id',
  'subject',
  'text_body',
  'html_body',
  'data',
  'status',
  'attempts',
  'dedupe_key',
  'resent_from',
  'created_at',
  'updated_at',
];

/**
 * Plain INSERT ... ON CONFLICT (dedupe_key) DO NOTHING, on SQLite and PostgreSQL alike, so it
 * runs inside whichever transaction found the reason to write (the webhook thread's included):
 * a key already queued, by this or an earlier delivery or a replay, adds nothing.
 */
export async function insertOutboxRows(sql: Sql, rows: readonly OutboxRow[]): Promise<void> {
  if (!rows.length) return;
  const now = new Date();
  const params: SqlValue[] = [];
  for (const row of rows) {
    params.push(
      row.template,
      row.to,
      row.customerId,
      row.rendered?.subject ?? null,
      row.rendered?.text ?? null,
      row.rendered?.html ?? null,
      JSON.stringify(row.data),
      'queued',
      0,
      row.dedupeKey,
      row.resentFrom ?? null,
      now,
      now,
    );
  }
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  await sql.run(`INSERT INTO notifications (${COLUMNS.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')} ON CONFLICT (dedupe_key) DO NOTHING`, params);
}
