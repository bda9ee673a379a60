import type Stripe from 'stripe';
import type { CreationAttributes } from 'sequelize';
import { Payment } from '../../db/models';
import { toDate, type Snapshot } from '../apply/snapshot';
import type { ApplyUnit } from '../apply/unit';
import { insertRows, updateRow } from '../apply/bulk';
import { placeholders, type Sql } from '../apply/sql';
import { isNews, queueNotices, type Notice } from '../../notify/fromWebhooks';

/** Event types that report the outcome of a payment attempt. */
const OUTCOMES: Record<string, boolean> = {
  'invoice.paid': true,
  'invoice.payment_succeeded': true,
  'invoice.payment_failed': false,
};

type NewPayment = CreationAttributes<Payment>;

interface AttemptRow {
  id: number;
  stripeInvoiceId: string;
  attemptCount: number;
  status: string;
}

interface InvoiceRow {
  id: number;
  stripeInvoiceId: string;
  customerId: number;
  subscriptionId: number | null;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
}

/** The payment intent of the invoice's most recent attempt, when the invoice was fetched with payments expanded. */
function latestIntent(invoice: Stripe.Invoice | undefined): Stripe.PaymentIntent | null {
  const payments = [...(invoice?.payments?.data ?? [])].sort((a, b) => b.created - a.created);
  const intent = payments[0]?.payment.payment_intent;
  return intent && typeof intent !== 'string' ? intent : null;
}

/**
 * One payment row per attempt outcome, keyed by (invoice, attempt number): invoice.paid and
 * invoice.payment_succeeded for the same attempt land on the same row, and a success reported
 * for an attempt replaces a failure reported for it, never the other way round.
 */
export async function recordPaymentAttempts(snapshots: Snapshot<Stripe.Invoice>[], unit: ApplyUnit): Promise<void> {
  const outcomes = snapshots.filter((s) => OUTCOMES[s.type] !== undefined);
  if (!outcomes.length) return;
  const { sql } = unit;
  const invoiceIds = [...new Set(outcomes.map((s) => s.object.id))];
  const list = placeholders(invoiceIds.length);
  const existing = await sql.all<AttemptRow>(
    `SELECT id, stripe_invoice_id AS "stripeInvoiceId", attempt_count AS "attemptCount", status FROM payments WHERE stripe_invoice_id IN (${list})`,
    invoiceIds,
  );
  const invoices = await sql.all<InvoiceRow>(
    `SELECT id, stripe_invoice_id AS "stripeInvoiceId", customer_id AS "customerId", subscription_id AS "subscriptionId",
       stripe_payment_intent_id AS "stripePaymentIntentId", stripe_charge_id AS "stripeChargeId" FROM invoices WHERE stripe_invoice_id IN (${list})`,
    invoiceIds,
  );
  const localInvoice = new Map(invoices.map((row) => [row.stripeInvoiceId, row]));
  const byAttempt = new Map(existing.map((row) => [`${row.stripeInvoiceId}#${row.attemptCount}`, row]));

  const inserts = new Map<string, NewPayment>();
  /** attempts whose outcome is news to the customer (a live event), by attempt key */
  const news = new Map<string, { succeeded: boolean; id?: number }>();
  for (const snapshot of outcomes) {
    const { object, type, created } = snapshot;
    const succeeded = OUTCOMES[type]!;
    const local = localInvoice.get(object.id);
    if (!local) continue;
    const amount = succeeded ? object.amount_paid : object.amount_due;
    if (amount === 0) continue; // a $0 invoice (a trial's first) is not a payment
    const attemptCount = Math.max(object.attempt_count, 1);
    const key = `${object.id}#${attemptCount}`;
    const intent = latestIntent(unit.prefetched.invoices.get(object.id));
    const error = intent?.last_payment_error;
    const fields: NewPayment = {
      customerId: local.customerId,
      subscriptionId: local.subscriptionId,
      invoiceId: local.id,
      stripeInvoiceId: object.id,
      stripePaymentIntentId: intent?.id ?? local.stripePaymentIntentId ?? null,
      stripeChargeId: (typeof intent?.latest_charge === 'string' ? intent.latest_charge : intent?.latest_charge?.id) ?? local.stripeChargeId ?? null,
      amount,
      currency: object.currency,
      status: succeeded ? 'succeeded' : 'failed',
      failureCode: succeeded ? null : (error?.decline_code ?? error?.code ?? 'payment_failed'),
      failureMessage: succeeded ? null : (error?.message ?? 'The payment failed'),
      attemptCount,
      nextRetryAt: succeeded ? null : toDate(object.next_payment_attempt),
      billingReason: object.billing_reason,
      attemptedAt: (succeeded ? toDate(object.status_transitions?.paid_at) : null) ?? new Date(created * 1000),
    };
    const row = byAttempt.get(key);
    const live = isNews(snapshot, unit.prefetched.at);
    if (row) {
      if (row.status === 'failed' && succeeded) await updateRow(sql, Payment, row.id, { ...fields });
      else continue;
      if (live) news.set(key, { succeeded, id: row.id });
    } else {
      const pending = inserts.get(key);
      if (pending && (pending.status === 'succeeded' || !succeeded)) continue;
      inserts.set(key, fields);
      if (live) news.set(key, { succeeded });
      else news.delete(key);
    }
    unit.touchedCustomers.add(local.customerId);
  }
  await insertRows(sql, Payment, [...inserts.values()]);
  if (news.size) await queuePaymentNotices(sql, news);
}

/**
 * One e-mail per payment attempt outcome, queued in the transaction that records the attempt:
 * keyed by the payment row, so duplicate deliveries and replays (which find the row and insert
 * nothing) never queue a second one.
 */
async function queuePaymentNotices(sql: Sql, news: Map<string, { succeeded: boolean; id?: number }>): Promise<void> {
  const invoiceIds = [...new Set([...news.keys()].map((key) => key.split('#')[0]!))];
  const rows = await sql.all<{ id: number; key: string; customerId: number; status: string }>(
    `SELECT id, stripe_invoice_id || '#' || attempt_count AS "key", customer_id AS "customerId", status FROM payments WHERE stripe_invoice_id IN (${placeholders(invoiceIds.length)})`,
    invoiceIds,
  );
  const notices: Notice[] = [];
  for (const row of rows) {
    const outcome = news.get(row.key);
    if (!outcome || (row.status === 'succeeded') !== outcome.succeeded) continue;
    const template = outcome.succeeded ? 'payment_receipt' : 'payment_failed';
    const paymentId = Number(row.id);
    notices.push({ template, customerId: Number(row.customerId), dedupeKey: `${template}:${paymentId}`, data: { paymentId } });
  }
  await queueNotices(sql, notices);
}
