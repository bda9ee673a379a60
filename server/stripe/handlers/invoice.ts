import type Stripe from 'stripe';
import { Invoice } from '../../db/models';
import { insertRows } from '../../db/bulk';
import { idOf, newestPerObject, rankOf, supersedes, toDate, type Snapshot } from '../apply/snapshot';
import { placeholders } from '../../db/sql';
import type { ApplyUnit } from '../apply/unit';
import { recordPaymentAttempts } from './payments';
import type { ObjectHandler } from './types';

/** A paid, void or uncollectible invoice is final: a same-second open or draft never wins. */
const STATUS_RANK: Record<string, number> = { draft: 0, open: 1, paid: 2, uncollectible: 2, void: 2 };
/**
 * Within a status, more payment attempts is further along: invoice.finalized and the first
 * attempt's invoice.payment_failed are often the same second, both open, and the failure must win.
 */
const rankFor = (status: string | null, attemptCount: number) => (STATUS_RANK[status ?? 'draft'] ?? 0) * 1000 + Math.min(attemptCount, 999);
const invoiceRank = (invoice: Stripe.Invoice) => rankFor(invoice.status, invoice.attempt_count);

export function subscriptionIdOfInvoice(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription ?? null);
}

const MIRRORED = [
  'customerId',
  'subscriptionId',
  'number',
  'status',
  'currency',
  'amountDue',
  'amountPaid',
  'amountRemaining',
  'attemptCount',
  'nextPaymentAttempt',
  'billingReason',
  'hostedInvoiceUrl',
  'periodStart',
  'periodEnd',
  'lastEventAt',
] as const;

async function mirrorInvoices(snapshots: Snapshot<Stripe.Invoice>[], unit: ApplyUnit): Promise<void> {
  const newest = newestPerObject(snapshots, invoiceRank);
  const stripeIds = [...newest.keys()];
  const existing = await unit.sql.all<{ id: number; stripeId: string; lastEventAt: number; status: string; attemptCount: number }>(
    `SELECT id, stripe_invoice_id AS "stripeId", last_event_at AS "lastEventAt", status, attempt_count AS "attemptCount" FROM invoices WHERE stripe_invoice_id IN (${placeholders(stripeIds.length)})`,
    stripeIds,
  );
  const byStripeId = new Map(existing.map((row) => [row.stripeId, row]));
  // Invoices an older snapshot leaves alone keep their id; the rest come back from the upsert.
  for (const row of existing) unit.invoiceIds.set(row.stripeId, row.id);
  const rows = [];
  for (const [id, snapshot] of newest) {
    const { object, created } = snapshot;
    const row = byStripeId.get(id);
    if (row && !supersedes(created, rankOf(snapshot, invoiceRank), Number(row.lastEventAt), rankFor(row.status, Number(row.attemptCount)))) continue;
    const customerId = unit.customerIds.get(idOf(object.customer) ?? '');
    if (!customerId) throw new Error(`invoice ${id}: customer ${idOf(object.customer)} is not mirrored`);
    rows.push({
      stripeInvoiceId: id,
      customerId,
      subscriptionId: unit.subscriptionIds.get(subscriptionIdOfInvoice(object) ?? '') ?? null,
      number: object.number,
      status: object.status ?? 'draft',
      currency: object.currency,
      amountDue: object.amount_due,
      amountPaid: object.amount_paid,
      amountRemaining: object.amount_remaining,
      attemptCount: object.attempt_count,
      nextPaymentAttempt: toDate(object.next_payment_attempt),
      billingReason: object.billing_reason,
      hostedInvoiceUrl: object.hosted_invoice_url ?? null,
      periodStart: toDate(object.period_start),
      periodEnd: toDate(object.period_end),
      lastEventAt: created,
    });
  }
  const written = await insertRows(unit.sql, Invoice, rows, { conflict: 'stripeInvoiceId', update: MIRRORED, newerOnly: 'lastEventAt' });
  for (const [stripeId, id] of written) unit.invoiceIds.set(stripeId, id);
}

function intentIdsOf(invoice: Stripe.Invoice): string[] {
  return (invoice.payments?.data ?? []).flatMap((p) => {
    const id = idOf(p.payment.payment_intent ?? null);
    return id ? [id] : [];
  });
}

export const invoiceHandler: ObjectHandler<Stripe.Invoice> = {
  parents: (invoice) => ({ customer: idOf(invoice.customer), subscription: subscriptionIdOfInvoice(invoice) }),
  async prefetch(snapshots, { stripe }, into) {
    // A failure's decline reason lives on the payment intent, which the invoice payload does not carry.
    const failed = new Set(
      snapshots.filter((s) => s.type === 'invoice.payment_failed' || s.type === 'invoice.payment_action_required').map((s) => s.object.id),
    );
    for (const id of failed) {
      const invoice = await stripe.invoices.retrieve(id, { expand: ['payments.data.payment.payment_intent'] });
      into.invoices.set(id, invoice);
      // Each attempt is a charge on the invoice's payment intent; a failed invoice event names none of them.
      const charges: Stripe.Charge[] = [];
      for (const intent of intentIdsOf(invoice)) charges.push(...(await stripe.charges.list({ payment_intent: intent, limit: 100 })).data);
      into.invoiceCharges.set(
        id,
        charges.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id)),
      );
    }
  },
  async apply(snapshots, unit) {
    // invoice.upcoming describes an invoice that does not exist yet (it has no id): news, not state.
    const withCustomer = snapshots.filter((s) => s.type !== 'invoice.upcoming' && s.object.id && idOf(s.object.customer));
    if (!withCustomer.length) return; // a customer-less invoice is nothing Recur bills
    await mirrorInvoices(withCustomer, unit);
    await recordPaymentAttempts(withCustomer, unit);
  },
};
