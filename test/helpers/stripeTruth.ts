import type Stripe from 'stripe';
import { Customer, Invoice, Payment, Subscription } from '../../server/db/models';

/**
 * Stripe's truth and Recur's mirror of it in one shape, keyed by Stripe ids, so two of them can be
 * compared with toEqual and every difference shows.
 */
export interface BillingState {
  customers: { id: string; email: string; name: string | null }[];
  subscriptions: {
    id: string;
    customer: string;
    price: string | null;
    status: string;
    quantity: number;
    unitAmount: number;
    periodEnd: number | null;
    cancelAtPeriodEnd: boolean;
  }[];
  invoices: { id: string; customer: string; subscription: string | null; status: string; amountDue: number; amountPaid: number; attemptCount: number }[];
  /** one per payment attempt (a Stripe charge); a success carries attempt 0 */
  payments: { invoice: string; attempt: number; status: 'succeeded' | 'failed'; amount: number }[];
}

const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
const byAttempt = (rows: BillingState['payments']) => rows.sort((a, b) => a.invoice.localeCompare(b.invoice) || a.attempt - b.attempt);
const idOf = (ref: string | { id: string } | null | undefined) => (typeof ref === 'string' ? ref : (ref?.id ?? null));

/** What Stripe (here, the emulator) holds, read through the API. */
export async function stripeState(stripe: Stripe): Promise<BillingState> {
  const customers: BillingState['customers'] = [];
  for await (const c of stripe.customers.list({ limit: 100 })) customers.push({ id: c.id, email: c.email ?? '', name: c.name ?? null });
  const subscriptions: BillingState['subscriptions'] = [];
  for await (const s of stripe.subscriptions.list({ status: 'all', limit: 100 })) {
    const item = s.items.data[0];
    subscriptions.push({
      id: s.id,
      customer: idOf(s.customer)!,
      price: item?.price.id ?? null,
      status: s.status,
      quantity: item?.quantity ?? 1,
      unitAmount: item?.price.unit_amount ?? 0,
      periodEnd: item?.current_period_end ?? null,
      cancelAtPeriodEnd: s.cancel_at_period_end,
    });
  }
  const invoices: BillingState['invoices'] = [];
  const payments: BillingState['payments'] = [];
  for await (const i of stripe.invoices.list({ limit: 100 })) {
    invoices.push({
      id: i.id!,
      customer: idOf(i.customer)!,
      subscription: idOf(i.parent?.subscription_details?.subscription),
      status: i.status!,
      amountDue: i.amount_due,
      amountPaid: i.amount_paid,
      attemptCount: i.attempt_count,
    });
    if (i.amount_due === 0) continue; // nothing to charge, no payment (a trial's first invoice)
    payments.push(...(await paymentsOf(stripe, i)));
  }
  return { customers: byId(customers), subscriptions: byId(subscriptions), invoices: byId(invoices), payments: byAttempt(payments) };
}

/** Every charge made for an invoice, oldest first: one per payment attempt, whoever made it. */
export async function chargesOfInvoice(stripe: Stripe, invoiceId: string): Promise<Stripe.Charge[]> {
  const charges: Stripe.Charge[] = [];
  for await (const link of stripe.invoicePayments.list({ invoice: invoiceId, limit: 100 })) {
    const intent = idOf(link.payment.payment_intent ?? null);
    if (intent) for await (const c of stripe.charges.list({ payment_intent: intent, limit: 100 })) charges.push(c);
  }
  return charges.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

/**
 * The payments an invoice implies: each charge is an attempt (failed ones numbered by their place
 * among the invoice's charges, the success unnumbered: its number depends on which events came
 * first). Without charges, failures counted by attempt_count (no card was on file).
 */
async function paymentsOf(stripe: Stripe, i: Stripe.Invoice): Promise<BillingState['payments']> {
  const charges = await chargesOfInvoice(stripe, i.id!);
  if (charges.length) {
    return charges.map((c, n) =>
      c.status === 'succeeded'
        ? { invoice: i.id!, attempt: 0, status: 'succeeded' as const, amount: c.amount }
        : { invoice: i.id!, attempt: n + 1, status: 'failed' as const, amount: c.amount },
    );
  }
  const out: BillingState['payments'] = [];
  if (i.status !== 'paid')
    for (let attempt = 1; attempt <= i.attempt_count; attempt++) out.push({ invoice: i.id!, attempt, status: 'failed', amount: i.amount_due });
  if (i.status === 'paid' && i.amount_paid > 0) out.push({ invoice: i.id!, attempt: 0, status: 'succeeded', amount: i.amount_paid });
  return out;
}

/** Recur's database, read through its models (initModels must have bound them to it). */
export async function recurState(): Promise<BillingState> {
  const customers = await Customer.findAll();
  const stripeCustomer = new Map(customers.map((c) => [c.id, c.stripeCustomerId ?? `local-${c.id}`]));
  const subscriptions = await Subscription.findAll();
  const stripeSubscription = new Map(subscriptions.map((s) => [s.id, s.stripeSubscriptionId]));
  const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);
  return {
    customers: byId(customers.map((c) => ({ id: c.stripeCustomerId ?? `local-${c.id}`, email: c.email, name: c.name }))),
    subscriptions: byId(
      subscriptions.map((s) => ({
        id: s.stripeSubscriptionId,
        customer: stripeCustomer.get(s.customerId)!,
        price: s.stripePriceId,
        status: s.status,
        quantity: s.quantity,
        unitAmount: s.unitAmount,
        periodEnd: seconds(s.currentPeriodEnd),
        cancelAtPeriodEnd: s.cancelAtPeriodEnd,
      })),
    ),
    invoices: byId(
      (await Invoice.findAll()).map((i) => ({
        id: i.stripeInvoiceId,
        customer: stripeCustomer.get(i.customerId)!,
        subscription: i.subscriptionId ? stripeSubscription.get(i.subscriptionId)! : null,
        status: i.status,
        amountDue: i.amountDue,
        amountPaid: i.amountPaid,
        attemptCount: i.attemptCount,
      })),
    ),
    payments: byAttempt(
      (await Payment.findAll()).map((p) => ({
        invoice: p.stripeInvoiceId,
        attempt: p.status === 'failed' ? p.attemptCount : 0,
        status: p.status === 'failed' ? ('failed' as const) : ('succeeded' as const),
        amount: p.amount,
      })),
    ),
  };
}
