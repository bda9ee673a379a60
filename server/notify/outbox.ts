import type { Transaction } from 'sequelize';
import { Notification } from '../db/models';
import type { Database } from '../db/sequelize';
import { sqlIn } from '../db/sql';
import type { RenderedMessage, TemplateKey } from '../../shared/emailTemplates';
import { insertOutboxRows, type OutboxRow } from './outboxRows';
import { renderMessage } from './templates';
import { needsVariables } from './variables';
import { redactSignInLinks } from './redact';
import type { QueueInput } from './types';

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

export interface QueueOptions {
  /** false: leave the rows to the sender's next poll instead of waking it now */
  wake?: boolean;
}

/**
 * Stores the outbox row, rendered at once unless its variables must be read from billing rows at
 * send time, and wakes the sender. A dedupe key already queued adds nothing.
 */
export async function queue(db: Database, inputs: readonly QueueInput[], transaction?: Transaction, options: QueueOptions = {}): Promise<void> {
  if (!inputs.length) return;
  const rows: OutboxRow[] = [];
  for (const input of inputs) {
    const rendered = needsVariables(input.data) ? undefined : await renderMessage(input.template, stringValues(input.data));
    rows.push({
      template: input.template,
      to: input.to,
      customerId: input.customerId ?? null,
      data: input.data,
      dedupeKey: input.dedupeKey ?? null,
      rendered,
      resentFrom: input.resentFrom ?? null,
    });
  }
  if (transaction) await insertOutboxRows(sqlIn(db, transaction), rows);
  else await db.write((t) => insertOutboxRows(sqlIn(db, t), rows));
  if (options.wake !== false) wakeSender(db);
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
    await sql.run(`UPDATE notifications SET status = 'queued', claimed_at = NULL WHERE status = 'sending' AND claimed_at < ?`, [
      new Date(now.getTime() - leaseMs),
    ]);
    const rows = await sql.all<Claimed>(
      `UPDATE notifications SET status = 'sending', claimed_at = ?, attempts = attempts + 1, updated_at = ?
       WHERE status = 'queued' AND id IN (
         SELECT id FROM notifications WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ${Math.floor(limit)}
       )
       RETURNING id, template, to_address AS "to", customer_id AS "customerId", subject, text_body AS "textBody", html_body AS "htmlBody", data, attempts`,
      [now, now, now],
    );
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      attempts: Number(row.attempts),
      customerId: row.customerId === null ? null : Number(row.customerId),
    }));
  });
}

/** Who a message turned out to be for, when the row did not say (a sign-in request names an address only). */
export interface Recipient {
  to: string;
  customerId: number;
}

export type Outcome = (
  | { status: 'sent' | 'stored'; message: RenderedMessage }
  | { status: 'queued'; message?: RenderedMessage; error: string; retryAt: Date }
  | { status: 'failed' | 'skipped'; message?: RenderedMessage; error: string }
  /** nobody to write to (a sign-in request for an address that is no customer's): the row goes */
  | { status: 'dropped' }
) & { recipient?: Recipient };

export interface Settled {
  id: number;
  outcome: Outcome;
  /** the row's data as claimed */
  data: string;
}

/**
 * What the row keeps of the message. A sign-in link's token signs its reader in as the customer,
 * so it is never kept once the message has left (sent, or given up on): only what an admin needs,
 * the message with the token replaced. A message kept in the outbox instead of being sent (no
 * SMTP_URL) is the only way the link reaches anyone, so its bodies stay whole until the token is
 * used or expires (server/notify/redact.ts); its subject, shown in lists to viewers too, never
 * keeps one. A message to be retried keeps nothing of a link: it is rendered again, with a new one.
 */
function keptCopy(outcome: Outcome & { message: RenderedMessage }, data: string) {
  const { subject, text, html } = outcome.message;
  const safeSubject = redactSignInLinks(subject).slice(0, 300);
  if (outcome.status === 'stored') return { subject: safeSubject, textBody: text, htmlBody: html };
  const hasLink = [subject, text, html].some((part) => redactSignInLinks(part) !== part);
  if (outcome.status !== 'queued')
    return { subject: safeSubject, textBody: redactSignInLinks(text), htmlBody: redactSignInLinks(html), data: redactSignInLinks(data) };
  return hasLink ? { subject: null, textBody: null, htmlBody: null } : { subject: subject.slice(0, 300), textBody: text, htmlBody: html };
}

/**
 * Records what became of claimed rows (each only while it is still this sender's claim), all in
 * one transaction: on SQLite every transaction takes the single writer that webhook ingest waits on.
 */
export async function settleClaims(db: Database, settled: readonly Settled[]): Promise<void> {
  if (!settled.length) return;
  await db.write(async (transaction) => {
    for (const { id, outcome, data } of settled) {
      if (outcome.status === 'dropped') {
        await Notification.destroy({ where: { id, status: 'sending' }, transaction });
        continue;
      }
      const rendered = 'message' in outcome && outcome.message ? keptCopy({ ...outcome, message: outcome.message }, data) : {};
      const done = outcome.status === 'sent' || outcome.status === 'stored';
      await Notification.update(
        {
          ...rendered,
          ...(outcome.recipient ?? {}),
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
