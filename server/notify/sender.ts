import { performance } from 'node:perf_hooks';
import type { Database } from '../db/sequelize';
import type { Logger } from '../logger';
import type { RenderedMessage } from '../../shared/emailTemplates';
import { renderTemplate } from '../../shared/emailTemplates';
import { createMailer, type Mailer } from './mailer';
import { claimDue, onQueued, settleClaims, type Claimed, type Outcome, type Recipient, type Settled } from './outbox';
import { isSignInRequest, NoSuchCustomer, signInVariables } from './magicLink';
import { redactExpiredLinks } from './redact';
import { templateSource } from './templates';
import { StaleNotification, templateVariables } from './variables';
import { runChecks } from './checks';
import { passRunner } from '../jobs/passRunner';

export interface SenderOptions {
  smtpUrl?: string;
  mailFrom: string;
  /** how often the outbox is looked at for rows queued elsewhere (the webhook thread, other instances) */
  pollMs?: number;
  /** delay before the n-th retry of a message the SMTP server refused; past the last, it is failed */
  retryDelaysMs?: readonly number[];
  /** a claim older than this belonged to a sender that died: the row is queued again */
  leaseMs?: number;
  /** how often the periodic checks run (failing webhooks, trials about to end) */
  checkEveryMs?: number;
  /** the pause between two full batches while a backlog drains */
  backlogPauseMs?: number;
}

/** rows claimed, rendered and settled together */
const BATCH = 50;
/** the share of a pause the request thread spent on other work above which it counts as busy */
const BUSY_UTILIZATION = 0.5;

export interface SenderContext {
  db: Database;
  log: Logger;
  baseUrl: string;
}

export interface Sender {
  /** runs a pass now and resolves when it is done (tests, and a resend from the admin) */
  flush(): Promise<void>;
  /** the periodic checks, now */
  check(): Promise<void>;
  stop(): Promise<void>;
  /** whether messages leave through SMTP, or stay in the outbox */
  readonly delivers: boolean;
}

const DEFAULT_RETRY_DELAYS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/**
 * The outbox's sender, in the request thread: claims due rows, renders those queued unrendered,
 * sends them through nodemailer (or marks them stored without SMTP), retries with backoff. All
 * its state is in the table, so a restart picks up where it stopped.
 */
export function startSender(ctx: SenderContext, options: SenderOptions): Sender {
  const mailer = createMailer(options.smtpUrl, options.mailFrom);
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS;
  const leaseMs = options.leaseMs ?? 5 * 60_000;

  // A backlog (a burst of payments) drains in paced batches, busy at most a quarter of the time:
  // rendering reads several rows per message in this thread, and webhook ingest shares the
  // thread (and, on SQLite, the single writer) and must answer fast; e-mail can wait a moment.
  // While the thread is mostly busy with other work during the pauses (a webhook burst), the
  // sender takes a twentieth: e-mail still flows, at a pace that costs ingest little.
  let othersBusy = false;
  const pass = async (): Promise<void> => {
    for (;;) {
      const started = Date.now();
      const claimed = await claimDue(ctx.db, BATCH, leaseMs);
      const settled: Settled[] = [];
      for (const row of claimed) settled.push({ id: row.id, data: row.data, outcome: await deliver(row, ctx, mailer, retryDelays) });
      await settleClaims(ctx.db, settled);
      if (claimed.length < BATCH || runner.stopped) return;
      const pause = Math.max(options.backlogPauseMs ?? 100, (othersBusy ? 19 : 3) * (Date.now() - started));
      const before = performance.eventLoopUtilization();
      await new Promise((resolve) => setTimeout(resolve, pause));
      othersBusy = performance.eventLoopUtilization(before).utilization > BUSY_UTILIZATION;
    }
  };
  const runner = passRunner(pass, (err: unknown) => ctx.log.warn({ err }, 'the e-mail outbox could not be processed'));
  const kick = runner.kick;
  const check = () =>
    runChecks(ctx)
      .then(() => redactExpiredLinks(ctx.db))
      .then(
        () => kick(),
        (err: unknown) => ctx.log.warn({ err }, 'notification checks failed'),
      );

  const unsubscribe = onQueued(ctx.db, () => void kick());
  const poll = setInterval(() => void kick(), options.pollMs ?? 1_000);
  const checks = setInterval(() => void check(), options.checkEveryMs ?? 60_000);
  poll.unref();
  checks.unref();
  void kick();

  return {
    delivers: !!mailer,
    flush: runner.flush,
    check,
    async stop() {
      clearInterval(poll);
      clearInterval(checks);
      unsubscribe();
      await runner.stop();
      mailer?.close();
    },
  };
}

interface Rendered {
  message: RenderedMessage;
  /** set when the row named an address only, and rendering found whose it is */
  recipient?: Recipient;
}

async function render(row: Claimed, ctx: SenderContext, keptIn: number | null): Promise<Rendered> {
  if (row.subject !== null && row.textBody !== null) return { message: { subject: row.subject, text: row.textBody, html: row.htmlBody ?? '' } };
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const context = { ...ctx, keptIn };
  if (row.template === 'magic_link' && isSignInRequest(data)) {
    const { recipient, variables } = await signInVariables(data, row.customerId, context);
    return { message: renderTemplate(await templateSource(row.template), variables), recipient };
  }
  const variables = await templateVariables(row.template, data, context);
  return { message: renderTemplate(await templateSource(row.template), variables) };
}

async function deliver(row: Claimed, ctx: SenderContext, mailer: Mailer | null, retryDelays: readonly number[]): Promise<Outcome> {
  let rendered: Rendered;
  try {
    // Without SMTP the outbox row is the delivery: the links made for it name it, to be redacted once spent.
    rendered = await render(row, ctx, mailer ? null : row.id);
  } catch (error) {
    if (error instanceof NoSuchCustomer) return { status: 'dropped' };
    if (error instanceof StaleNotification) return { status: 'skipped', error: error.message };
    return retryOrFail(row, error, retryDelays);
  }
  const { message, recipient } = rendered;
  if (!mailer) return { status: 'stored', message, recipient };
  try {
    await mailer.send(recipient?.to ?? row.to, message);
    return { status: 'sent', message, recipient };
  } catch (error) {
    ctx.log.warn({ notificationId: row.id, to: recipient?.to ?? row.to, err: errorText(error) }, 'e-mail not sent');
    return { ...retryOrFail(row, error, retryDelays), message, recipient };
  }
}

function retryOrFail(
  row: Claimed,
  error: unknown,
  retryDelays: readonly number[],
): { status: 'queued'; error: string; retryAt: Date } | { status: 'failed'; error: string } {
  const delay = retryDelays[row.attempts - 1];
  if (delay === undefined) return { status: 'failed', error: errorText(error) };
  return { status: 'queued', error: errorText(error), retryAt: new Date(Date.now() + delay) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
