import type Stripe from 'stripe';
import { Op } from 'sequelize';
import { Customer, Invoice, Payment, Subscription } from '../db/models';
import { applySnapshots } from '../stripe/apply/batch';
import { fetched, type Snapshot } from '../stripe/apply/snapshot';
import type { SnapshotsByType } from '../stripe/apply/unit';
import type { HandlerContext } from '../stripe/handlers';

export interface Drift {
  object: 'customer' | 'subscription' | 'invoice' | 'payment';
  stripeId: string;
  change: 'created' | 'updated';
  fields: Record<string, { local: unknown; stripe: unknown }>;
}

export interface ReconcileReport {
  checked: { customers: number; subscriptions: number; invoices: number };
  created: number;
  updated: number;
  drift: Drift[];
}

export type Progress = (stage: string, done: number) => void;

const COMPARED = {
  customer: ['email', 'name', 'currency'],
  subscription: ['status', 'planId', 'quantity', 'unitAmount', 'cancelAtPeriodEnd', 'currentPeriodEnd', 'trialEnd'],
  invoice: ['status', 'amountDue', 'amountPaid', 'attemptCount', 'nextPaymentAttempt'],
  payment: ['status', 'amount', 'refundedAmount'],
} as const;

async function collect<T>(list: AsyncIterable<T>, stage: string, progress: Progress): Promise<T[]> {
  const items: T[] = [];
  for await (const item of list) {
    items.push(item);
    if (items.length % 100 === 0) progress(stage, items.length);
  }
  progress(stage, items.length);
  return items;
}

/** Plain values of the compared fields, keyed by Stripe id, to diff before and after. */
async function state(): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const put = (kind: keyof typeof COMPARED, id: string, row: Record<string, unknown>) =>
    out.set(`${kind}:${id}`, Object.fromEntries(COMPARED[kind].map((f) => [f, row[f] instanceof Date ? (row[f] as Date).toISOString() : row[f]])));
  for (const row of await Customer.findAll({ where: { stripeCustomerId: { [Op.ne]: null } } })) put('customer', row.stripeCustomerId!, row.get());
  for (const row of await Subscription.findAll()) put('subscription', row.stripeSubscriptionId, row.get());
  for (const row of await Invoice.findAll()) put('invoice', row.stripeInvoiceId, row.get());
  // A payment is its charge; one without a charge (no card was on file) is its invoice's attempt.
  for (const row of await Payment.findAll()) put('payment', row.stripeChargeId ?? `${row.stripeInvoiceId}#${row.attemptCount}`, row.get());
  return out;
}

/**
 * Reads customers, subscriptions (canceled ones too) and invoices from the Stripe API and
 * applies them as the current truth through the same handlers as webhooks. Reports what differed;
 * never deletes what exists only locally.
 */
export async function reconcileWithStripe(ctx: HandlerContext, progress: Progress = () => undefined): Promise<ReconcileReport> {
  const { stripe } = ctx;
  const customers = await collect(stripe.customers.list({ limit: 100 }), 'customers', progress);
  const subscriptions = await collect(stripe.subscriptions.list({ status: 'all', limit: 100 }), 'subscriptions', progress);
  const invoices = await collect(stripe.invoices.list({ limit: 100 }), 'invoices', progress);

  const at = Math.floor(Date.now() / 1000);
  const byType: SnapshotsByType = new Map<string, Snapshot<unknown>[]>([
    ['customer', customers.map((c) => fetched(c, at))],
    ['subscription', subscriptions.map((s) => fetched(s, at))],
    ['invoice', invoices.flatMap((invoice) => invoiceSnapshots(invoice, at))],
  ]);
  const before = await state();
  await applySnapshots(byType, ctx);
  progress('applied', customers.length + subscriptions.length + invoices.length);
  const after = await state();

  const drift: Drift[] = [];
  for (const [key, now] of after) {
    const [object, stripeId] = key.split(/:(.*)/s) as [Drift['object'], string];
    const was = before.get(key);
    const fields: Drift['fields'] = {};
    for (const field of Object.keys(now)) {
      if (!was || was[field] !== now[field]) fields[field] = { local: was?.[field] ?? null, stripe: now[field] };
    }
    if (Object.keys(fields).length) drift.push({ object, stripeId, change: was ? 'updated' : 'created', fields });
  }
  return {
    checked: { customers: customers.length, subscriptions: subscriptions.length, invoices: invoices.length },
    created: drift.filter((d) => d.change === 'created').length,
    updated: drift.filter((d) => d.change === 'updated').length,
    drift,
  };
}

/**
 * An invoice as Stripe has it now, plus the payment outcome it implies, so a payment whose
 * webhook never came is recorded: paid → a success; open after attempts → a failure.
 */
function invoiceSnapshots(invoice: Stripe.Invoice, at: number): Snapshot<Stripe.Invoice>[] {
  const state = fetched(invoice, at);
  if (invoice.status === 'paid' && invoice.amount_paid > 0) return [state, { ...state, type: 'invoice.paid' }];
  if (invoice.status === 'open' && invoice.attempt_count > 0) return [state, { ...state, type: 'invoice.payment_failed' }];
  return [state];
}
