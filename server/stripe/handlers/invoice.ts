import type Stripe from 'stripe';
import { upsertInvoice, subscriptionIdOfInvoice } from '../mirror/invoices';
import { recordPaymentAttempt } from '../mirror/payments';
import { idOf } from '../mirror/util';
import { fetchCustomerIfMissing, fetchSubscriptionIfMissing, localCustomerId, localSubscriptionId } from './parents';
import type { EventHandler } from './types';

/** Event types that report the outcome of a payment attempt. */
const OUTCOMES: Record<string, boolean> = {
  'invoice.paid': true,
  'invoice.payment_succeeded': true,
  'invoice.payment_failed': false,
};

export const handleInvoiceEvent: EventHandler = async (event, ctx) => {
  const invoice = event.data.object as Stripe.Invoice;
  const stripeCustomerId = idOf(invoice.customer);
  if (!stripeCustomerId) return; // a customer-less invoice is nothing Recur bills
  const stripeSubscriptionId = subscriptionIdOfInvoice(invoice);
  const fetchedCustomer = await fetchCustomerIfMissing(stripeCustomerId, ctx);
  const fetchedSubscription = stripeSubscriptionId ? await fetchSubscriptionIfMissing(stripeSubscriptionId, ctx) : null;
  const succeeded = OUTCOMES[event.type];
  // The event payload does not carry the payment intent or its decline reason; Stripe does.
  const withPayments =
    succeeded === undefined
      ? null
      : await ctx.stripe.invoices.retrieve(invoice.id, { expand: ['payments.data.payment.payment_intent'] });

  await ctx.db.write(async (t) => {
    const customerId = await localCustomerId(stripeCustomerId, fetchedCustomer, t);
    const subscriptionId = await localSubscriptionId(stripeSubscriptionId, fetchedSubscription, customerId, t);
    const local = await upsertInvoice(invoice, customerId, subscriptionId, event.created, t);
    if (withPayments && succeeded !== undefined) {
      // The attempt being reported is the one in the event, whatever the invoice has moved on to.
      const attempt = { ...withPayments, attempt_count: invoice.attempt_count, amount_paid: invoice.amount_paid };
      await recordPaymentAttempt({ succeeded, invoice: attempt }, local, t);
    }
  });
};
