import { Op } from 'sequelize';
import { Customer, Invoice, Payment, Subscription } from '../db/models';

export interface Drift {
  object: 'customer' | 'subscription' | 'invoice' | 'payment';
  stripeId: string;
  change: 'created' | 'updated';
  fields: Record<string, { local: unknown; stripe: unknown }>;
}

const COMPARED = {
  customer: ['email', 'name', 'currency', 'deleted'],
  subscription: ['status', 'planId', 'quantity', 'unitAmount', 'cancelAtPeriodEnd', 'currentPeriodEnd', 'trialEnd'],
  invoice: ['status', 'amountDue', 'amountPaid', 'attemptCount', 'nextPaymentAttempt'],
  payment: ['status', 'amount', 'refundedAmount'],
} as const;

/** Plain values of the compared fields, keyed by `<object>:<Stripe id>`, to diff before and after a sync. */
export type MirrorState = Map<string, Record<string, unknown>>;

export async function mirrorState(): Promise<MirrorState> {
  const out: MirrorState = new Map();
  const put = (kind: keyof typeof COMPARED, id: string, row: Record<string, unknown>) =>
    out.set(`${kind}:${id}`, Object.fromEntries(COMPARED[kind].map((f) => [f, row[f] instanceof Date ? (row[f] as Date).toISOString() : row[f]])));
  for (const row of await Customer.findAll({ where: { stripeCustomerId: { [Op.ne]: null } } })) put('customer', row.stripeCustomerId!, row.get());
  for (const row of await Subscription.findAll()) put('subscription', row.stripeSubscriptionId, row.get());
  for (const row of await Invoice.findAll()) put('invoice', row.stripeInvoiceId, row.get());
  // A payment is its charge; one without a charge (no card was on file) is its invoice's attempt.
  for (const row of await Payment.findAll()) put('payment', row.stripeChargeId ?? `${row.stripeInvoiceId}#${row.attemptCount}`, row.get());
  return out;
}

/** How many objects of a kind the mirror holds: what a sync expects to read of it from Stripe. */
export function countOf(state: MirrorState, kind: 'customer' | 'subscription' | 'invoice'): number {
  let count = 0;
  for (const key of state.keys()) if (key.startsWith(`${kind}:`)) count++;
  return count;
}

/** What a sync changed: every field that differs between the state before it and after it. */
export function driftBetween(before: MirrorState, after: MirrorState): Drift[] {
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
  return drift;
}
