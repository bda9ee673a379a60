import type { Transaction } from 'sequelize';
import { Notification } from '../db/models';
import type { Database } from '../db/sequelize';
import { sqlIn } from '../stripe/apply/sql';
import type { RenderedMessage, TemplateKey } from '../../shared/emailTemplates';
import { insertOutboxRows, type OutboxRow } from './outboxRows';
import { renderMessage } from './templates';
import { needsVariables } from './variables';

const wakers = new Map<Database, () => void>();

/** The running sender of a database asks to be told when a row is queued. */
export function onQueued(db: Database, wake: () => void): () => void {
  wakers.set(db, wake);
  return () => {
    if (wakers.get(db) === wake) wakers.delete(db);
  };
}

export function wakeSender(db: Database): void {
  wakers.get(db)?.();
}

export interface QueueInput {
  template: TemplateKey;
  to: string;
  customerId?: number | null;
  data: Record<string, string | number>;
  dedupeKey?: string;
  /** the notification this one re-sends */
  resentFrom?: number;
}

/**
 * Stores the outbox row, rendered at once unless its variables must be read from billing rows at
 * send time, and wakes the sender. A dedupe key already queued adds nothing.
 */
export async function queue(db: Database, inputs: readonly QueueInput[], transaction?: Transaction): Promise<void> {
  if (!inputs.length) return;
  const rows: OutboxRow[] = [];
  for (const input of inputs) {
    const rendered = needsVariables(input.data) ? undefined : await renderMessage(input.template, stringValues(input.data));
    rows.push({ template: input.template, to: input.to, customerId: input.customerId ?? null, data: input.data, dedupeKey: input.dedupeKey ?? null, rendered, resentFrom: input.resentFrom ?? null });
  }
  if (transaction) await insertOutboxRows(sqlIn(db, transaction), rows);
  else await db.write((t) => insertOutboxRows(sqlIn(db, t), rows));
  wakeSender(db);
}

function stringValues(data: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
}

export interface Claimed {
  id: number;
  template: TemplateKey;
  to: string;
  customerId: number | null;
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
  data: string;
  attempts: number;
}

/**
 * Takes up to `limit` due rows for this sender. The UPDATE re-checks status = 'queued', so of two
 * senders on one database (several instances) only one takes a row; a row claimed by a sender
 * that died goes back to the queue after `leaseMs`.
 */
export async function claimDue(db: Database, limit: number, leaseMs: number): Promise<Claimed[]> {
  return db.write(async (transaction) => {
    const sql = sqlIn(db, transaction);
    const now = new Date();
    await sql.run(`UPDATE notifications SET status = 'queued', claimed_at = NULL WHERE status = 'sending' AND claimed_at < ?`, [new Date(now.getTime() - leaseMs)]);
    const rows = await sql.all<Claimed>(
      `UPDATE notifications SET status = 'sending', claimed_at = ?, attempts = attempts + 1, updated_at = ?
       WHERE status = 'queued' AND id IN (
         SELECT id FROM notifications WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ${Math.floor(limit)}
       )
       RETURNING id, template, to_address AS "to", customer_id AS "customerId", subject, text_body AS "textBody", html_body AS "htmlBody", data, attempts`,
      [now, now, now],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), attempts: Number(row.attempts), customerId: row.customerId === null ? null : Number(row.customerId) }));
  });
}

export type Outcome =
  | { status: 'sent' | 'stored'; message: RenderedMessage }
  | { status: 'queued'; message?: RenderedMessage; error: string; retryAt: Date }
  | { status: 'failed' | 'skipped'; message?: RenderedMessage; error: string };

/**
 * Records what became of claimed rows (each only while it is still this sender's claim), all in
 * one transaction: on SQLite every transaction takes the single writer that webhook ingest waits on.
 */
export async function settleClaims(db: Database, settled: readonly { id: number; outcome: Outcome }[]): Promise<void> {
  if (!settled.length) return;
  await db.write(async (transaction) => {
    for (const { id, outcome } of settled) {
      const rendered = outcome.message ? { subject: outcome.message.subject.slice(0, 300), textBody: outcome.message.text, htmlBody: outcome.message.html } : {};
      const done = outcome.status === 'sent' || outcome.status === 'stored';
      await Notification.update(
        {
          ...rendered,
          status: outcome.status,
          claimedAt: null,
          lastError: 'error' in outcome ? outcome.error.slice(0, 2000) : null,
          nextAttemptAt: outcome.status === 'queued' ? outcome.retryAt : null,
          sentAt: done ? new Date() : null,
        },
        { where: { id, status: 'sending' }, transaction },
      );
    }
  });
}
