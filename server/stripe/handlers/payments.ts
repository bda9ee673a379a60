import type Stripe from 'stripe';
import type { CreationAttributes } from 'sequelize';
import { Payment } from '../../db/models';
import { toDate, type Snapshot } from '../apply/snapshot';
import type { ApplyUnit } from '../apply/unit';
import { insertRows, updateRow } from '../../db/bulk';
import { placeholders, type Sql } from '../../db/sql';
import { isNews, queueNotices, type Notice } from '../../notify/fromWebhooks';

type Outcome = 'succeeded' | 'failed' | 'requires_action';

/** Event types that report the outcome of a payment attempt. */
const OUTCOMES: Record<string, Outcome> = {
  'invoice.paid': 'succeeded',
  'invoice.payment_succeeded': 'succeeded',
  'invoice.payment_failed': 'failed',
  // 3D Secure: the bank wants the customer; Stripe will not retry it (docs.stripe.com/billing/subscriptions/overview#requires-action).
  'invoice.payment_action_required': 'requires_action',
};

type NewPayment = CreationAttributes<Payment>;

interface AttemptRow {
  id: number;
  stripeInvoiceId: string;
  stripeChargeId: string | null;
  attemptCount: number;
  status: string;
  attemptedAt: Date | string;
}

interface InvoiceRow {
  id: number;
  stripeInvoiceId: string;
  customerId: number;
  subscriptionId: number | null;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
}

/**
 * What tells payment rows apart. Every attempt is its own Stripe charge; an invoice is paid once;
 * a failure without a charge (no card on file) is known only by the invoice's attempt count,
 * which Stripe raises for the first attempt and automatic retries only.
 */
function keyOf(row: { stripeInvoiceId: string; stripeChargeId?: string | null; attemptCount: number; status?: string }): string {
  if (row.status === 'requires_action') return `${row.stripeInvoiceId}#action`;
  if (row.status !== 'failed') return `${row.stripeInvoiceId}#paid`;
  return row.stripeChargeId ? `charge:${row.stripeChargeId}` : `${row.stripeInvoiceId}#attempt:${row.attemptCount}`;
}

/** The payment intent of the invoice's most recent attempt, when the invoice was fetched with payments expanded. */
function latestIntent(invoice: Stripe.Invoice | undefined): Stripe.PaymentIntent | null {
  const payments = [...(invoice?.payments?.data ?? [])].sort((a, b) => b.created - a.created);
  const intent = payments[0]?.payment.payment_intent;
  return intent && typeof intent !== 'string' ? intent : null;
}

interface Pending {
  rows: Map<string, NewPayment>;
  /** a payment that waited for authentication, then got its outcome: that row becomes the outcome */
  updates: Map<number, NewPayment>;
  /** keys of rows that are news to the customer (a live event) */
  news: Map<string, Outcome>;
}

function base(
  local: InvoiceRow,
  invoice: Stripe.Invoice,
): Pick<NewPayment, 'customerId' | 'subscriptionId' | 'invoiceId' | 'stripeInvoiceId' | 'currency' | 'billingReason'> {
  return {
    customerId: local.customerId,
    subscriptionId: local.subscriptionId,
    invoiceId: local.id,
    stripeInvoiceId: invoice.id,
    currency: invoice.currency,
    billingReason: invoice.billing_reason,
  };
}

/**
 * A failed invoice event: one row per failed charge of the invoice's payment intents (read from
 * Stripe before the batch), so a manual retry, an automatic retry and a late or duplicated event
 * each land on their own attempt. Without any charge, one row for the attempt count.
 */
function failedAttempts(snapshot: Snapshot<Stripe.Invoice>, local: InvoiceRow, unit: ApplyUnit): NewPayment[] {
  const invoice = snapshot.object;
  const current = unit.prefetched.invoices.get(invoice.id);
  const charges = unit.prefetched.invoiceCharges.get(invoice.id) ?? [];
  const nextRetry = toDate((current ?? invoice).next_payment_attempt);
  if (charges.some((c) => c.status === 'failed')) {
    const newest = charges.at(-1);
    return charges.flatMap((charge, i) =>
      charge.status !== 'failed'
        ? []
        : [
            {
              ...base(local, invoice),
              stripePaymentIntentId: typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null),
              stripeChargeId: charge.id,
              amount: charge.amount,
              status: 'failed' as const,
              failureCode: charge.outcome?.reason ?? charge.failure_code ?? 'payment_failed',
              failureMessage: charge.failure_message ?? 'The payment failed',
              attemptCount: i + 1,
              // Only the latest attempt has a retry ahead of it.
              nextRetryAt: charge === newest ? nextRetry : null,
              attemptedAt: new Date(charge.created * 1000),
            },
          ],
    );
  }
  const intent = latestIntent(current);
  // No charge because the bank wants the customer to authenticate: that is not a decline (the
  // invoice.payment_action_required event of the same attempt records it).
  if (intent?.status === 'requires_action') return [];
  const error = intent?.last_payment_error;
  return [
    {
      ...base(local, invoice),
      stripePaymentIntentId: intent?.id ?? local.stripePaymentIntentId ?? null,
      stripeChargeId: null,
      amount: invoice.amount_due,
      status: 'failed',
      failureCode: error?.decline_code ?? error?.code ?? 'payment_failed',
      failureMessage: error?.message ?? 'The payment failed',
      attemptCount: Math.max(invoice.attempt_count, 1),
      nextRetryAt: nextRetry,
      attemptedAt: new Date(snapshot.created * 1000),
    },
  ];
}

function actionAttempt(snapshot: Snapshot<Stripe.Invoice>, local: InvoiceRow, unit: ApplyUnit): NewPayment {
  const invoice = snapshot.object;
  const intent = latestIntent(unit.prefetched.invoices.get(invoice.id));
  return {
    ...base(local, invoice),
    stripePaymentIntentId: intent?.id ?? local.stripePaymentIntentId ?? null,
    stripeChargeId: null,
    amount: invoice.amount_due,
    status: 'requires_action',
    failureCode: 'authentication_required',
    failureMessage: 'The customer’s bank asks them to confirm this payment (3D Secure) on the invoice’s page.',
    attemptCount: Math.max(invoice.attempt_count, 1),
    nextRetryAt: null,
    actionUrl: invoice.hosted_invoice_url ?? null,
    attemptedAt: new Date(snapshot.created * 1000),
  };
}

function succeededAttempt(snapshot: Snapshot<Stripe.Invoice>, local: InvoiceRow, failedSoFar: number): NewPayment {
  const invoice = snapshot.object;
  return {
    ...base(local, invoice),
    stripePaymentIntentId: local.stripePaymentIntentId ?? null,
    stripeChargeId: local.stripeChargeId ?? null,
    amount: invoice.amount_paid,
    status: 'succeeded',
    failureCode: null,
    failureMessage: null,
    attemptCount: Math.max(invoice.attempt_count, failedSoFar + 1, 1),
    nextRetryAt: null,
    attemptedAt: toDate(invoice.status_transitions?.paid_at) ?? new Date(snapshot.created * 1000),
  };
}

/** One payment row per attempt outcome; duplicate and late events find their row and add nothing. */
export async function recordPaymentAttempts(snapshots: Snapshot<Stripe.Invoice>[], unit: ApplyUnit): Promise<void> {
  const outcomes = snapshots.filter((s) => OUTCOMES[s.type] !== undefined);
  if (!outcomes.length) return;
  const { sql } = unit;
  const invoiceIds = [...new Set(outcomes.map((s) => s.object.id))];
  const list = placeholders(invoiceIds.length);
  const existing = await sql.all<AttemptRow>(
    `SELECT id, stripe_invoice_id AS "stripeInvoiceId", stripe_charge_id AS "stripeChargeId", attempt_count AS "attemptCount", status,
       attempted_at AS "attemptedAt" FROM payments WHERE stripe_invoice_id IN (${list})`,
    invoiceIds,
  );
  const invoices = await sql.all<InvoiceRow>(
    `SELECT id, stripe_invoice_id AS "stripeInvoiceId", customer_id AS "customerId", subscription_id AS "subscriptionId",
       stripe_payment_intent_id AS "stripePaymentIntentId", stripe_charge_id AS "stripeChargeId" FROM invoices WHERE stripe_invoice_id IN (${list})`,
    invoiceIds,
  );
  const localInvoice = new Map(invoices.map((row) => [row.stripeInvoiceId, row]));
  const known = new Set(existing.map((row) => keyOf({ ...row, attemptCount: Number(row.attemptCount) })));
  const pending: Pending = { rows: new Map(), updates: new Map(), news: new Map() };
  const waiting = new Map(existing.filter((r) => r.status === 'requires_action').map((r) => [r.stripeInvoiceId, r]));
  // Failed attempts per invoice, recorded and pending: counted as rows are added, as a batch may hold thousands.
  const failed = new Map<string, number>();
  const countFailed = (row: { stripeInvoiceId: string; status: string }) => {
    if (row.status === 'failed') failed.set(row.stripeInvoiceId, (failed.get(row.stripeInvoiceId) ?? 0) + 1);
  };
  for (const row of existing) countFailed(row);
  const failedCount = (invoiceId: string) => failed.get(invoiceId) ?? 0;

  for (const snapshot of outcomes) {
    const local = localInvoice.get(snapshot.object.id);
    if (!local) continue;
    const outcome = OUTCOMES[snapshot.type]!;
    if ((outcome === 'succeeded' ? snapshot.object.amount_paid : snapshot.object.amount_due) === 0) continue; // a $0 invoice (a trial's first) is not a payment
    const rows =
      outcome === 'succeeded'
        ? [succeededAttempt(snapshot, local, failedCount(local.stripeInvoiceId))]
        : outcome === 'failed'
          ? failedAttempts(snapshot, local, unit)
          : [actionAttempt(snapshot, local, unit)];
    const live = isNews(snapshot, unit.prefetched.at);
    for (const row of rows) {
      const key = keyOf(row);
      if (known.has(key) || pending.rows.has(key)) continue;
      // A paid invoice no longer waits for anyone.
      if (row.status === 'requires_action' && (known.has(`${row.stripeInvoiceId}#paid`) || pending.rows.has(`${row.stripeInvoiceId}#paid`))) continue;
      known.add(key);
      const wait = waiting.get(row.stripeInvoiceId);
      if (wait && row.status !== 'requires_action' && row.attemptedAt >= new Date(wait.attemptedAt)) {
        // The attempt that waited for authentication has its outcome now: the same row says so.
        pending.updates.set(Number(wait.id), { ...row, actionUrl: null });
        waiting.delete(row.stripeInvoiceId);
      } else {
        pending.rows.set(key, row);
        countFailed(row);
      }
      if (live) pending.news.set(key, row.status === 'requires_action' ? 'requires_action' : row.status === 'failed' ? 'failed' : 'succeeded');
      unit.paidCustomers.add(local.customerId);
    }
  }
  await insertRows(sql, Payment, [...pending.rows.values()]);
  for (const [id, fields] of pending.updates) await updateRow(sql, Payment, id, fields);
  if (pending.news.size) await queuePaymentNotices(sql, invoiceIds, pending.news);
}

/**
 * One e-mail per payment attempt outcome, queued in the transaction that records the attempt:
 * keyed by the payment row, so duplicate deliveries and replays (which find the row and insert
 * nothing) never queue a second one.
 */
const TEMPLATE_OF: Record<Outcome, Notice['template']> = {
  succeeded: 'payment_receipt',
  failed: 'payment_failed',
  requires_action: 'payment_action_required',
};

async function queuePaymentNotices(sql: Sql, invoiceIds: string[], news: Map<string, Outcome>): Promise<void> {
  const rows = await sql.all<{ id: number; stripeInvoiceId: string; stripeChargeId: string | null; attemptCount: number; customerId: number; status: string }>(
    `SELECT id, stripe_invoice_id AS "stripeInvoiceId", stripe_charge_id AS "stripeChargeId", attempt_count AS "attemptCount",
       customer_id AS "customerId", status FROM payments WHERE stripe_invoice_id IN (${placeholders(invoiceIds.length)})`,
    invoiceIds,
  );
  const notices: Notice[] = [];
  for (const row of rows) {
    const outcome = news.get(keyOf({ ...row, attemptCount: Number(row.attemptCount) }));
    if (outcome === undefined) continue;
    const template = TEMPLATE_OF[outcome];
    const paymentId = Number(row.id);
    notices.push({ template, customerId: Number(row.customerId), dedupeKey: `${template}:${paymentId}`, data: { paymentId } });
  }
  await queueNotices(sql, notices);
}
