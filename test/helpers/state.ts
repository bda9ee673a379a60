import { Customer, Discount, Invoice, Payment, Subscription } from '../../server/db/models';
import { isRunning, runRateTotals } from '../../shared/totals';

/**
 * Recur's mirrored state in a form two databases can be compared in: keyed by Stripe ids, no
 * local ids or timestamps of when rows were written.
 */
export async function mirroredState() {
  const customers = await Customer.findAll({ order: [['stripeCustomerId', 'ASC']] });
  const byLocalId = new Map(customers.map((c) => [c.id, c.stripeCustomerId]));
  const subscriptions = await Subscription.findAll({ order: [['stripeSubscriptionId', 'ASC']] });
  const subsById = new Map(subscriptions.map((s) => [s.id, s.stripeSubscriptionId]));
  return {
    customers: customers.map((c) => ({
      id: c.stripeCustomerId,
      email: c.email,
      name: c.name,
      monthly: c.monthlyTotal,
      yearly: c.yearlyTotal,
      collected30d: c.collected30d,
    })),
    subscriptions: subscriptions.map((s) => ({
      id: s.stripeSubscriptionId,
      customer: byLocalId.get(s.customerId),
      planId: s.planId,
      status: s.status,
      quantity: s.quantity,
      unitAmount: s.unitAmount,
      periodEnd: s.currentPeriodEnd?.toISOString(),
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    })),
    invoices: (await Invoice.findAll({ order: [['stripeInvoiceId', 'ASC']] })).map((i) => ({
      id: i.stripeInvoiceId,
      customer: byLocalId.get(i.customerId),
      subscription: i.subscriptionId ? subsById.get(i.subscriptionId) : null,
      status: i.status,
      amountDue: i.amountDue,
      amountPaid: i.amountPaid,
      attemptCount: i.attemptCount,
    })),
    payments: (
      await Payment.findAll({
        order: [
          ['stripeInvoiceId', 'ASC'],
          ['attemptCount', 'ASC'],
        ],
      })
    ).map((p) => ({
      invoice: p.stripeInvoiceId,
      attempt: p.attemptCount,
      customer: byLocalId.get(p.customerId),
      status: p.status,
      amount: p.amount,
      refunded: p.refundedAmount,
      intent: p.stripePaymentIntentId,
      failureCode: p.failureCode,
    })),
  };
}

/** Totals recomputed from scratch, to compare with the ones maintained as events applied. */
export async function totalsFromScratch(): Promise<{ id: number; monthlyTotal: number; yearlyTotal: number }[]> {
  const customers = await Customer.findAll({ order: [['id', 'ASC']] });
  // Paused collection is no run-rate (as in Stripe's MRR): README, Totals.
  const subscriptions = (await Subscription.findAll()).filter((s) => s.pauseBehavior === null);
  const discounts = (await Discount.findAll()).filter((d) => isRunning(d));
  // From the items themselves, independently of the stored recurring amount: every item × its quantity.
  const line = (s: Subscription) => ({
    ...s.get(),
    unitAmount: s.items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0),
    quantity: 1,
    discounts: discounts.filter((d) => d.stripeSubscriptionId === s.stripeSubscriptionId),
  });
  return customers.map((c) => ({ id: c.id, ...runRateTotals(subscriptions.filter((s) => s.customerId === c.id).map(line)) }));
}

export async function maintainedTotals(): Promise<{ id: number; monthlyTotal: number; yearlyTotal: number }[]> {
  return (await Customer.findAll({ order: [['id', 'ASC']] })).map((c) => ({ id: c.id, monthlyTotal: c.monthlyTotal, yearlyTotal: c.yearlyTotal }));
}
