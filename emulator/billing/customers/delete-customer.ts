import type Stripe from 'stripe';
import type { Runtime } from '../../runtime';
import type { EventOrigin } from '../../events/bus';
import { cancelSubscription } from '../subscriptions/cancel-subscription';
import { withCustomerTime } from './customer-time';
import { idOf } from '../../refs';
import { cancelNotStartedSchedules } from '../subscriptions/schedules/lifecycle';

function ended(sub: Stripe.Subscription): boolean {
  return sub.status === 'canceled' || sub.status === 'incomplete_expired';
}

/**
 * DELETE /v1/customers/:id: "Permanently deletes a customer. It cannot be undone. Also immediately
 * cancels any active subscriptions on the customer" (docs.stripe.com/api/customers/delete). The
 * subscriptions end as a plain cancel does (no proration, no final invoice), each with its
 * customer.subscription.deleted, before customer.deleted. Afterwards only the `deleted` stub remains.
 */
export function deleteCustomer(rt: Runtime, customer: Stripe.Customer, origin: EventOrigin): Stripe.DeletedCustomer {
  withCustomerTime(rt, customer, () => {
    for (const sub of rt.store.subscriptions.newestFirst((s) => idOf(s.customer) === customer.id && !ended(s))) {
      cancelSubscription(rt, sub, { invoiceNow: false, prorate: false }, origin);
    }
    // Scheduled subscriptions that have not begun go with the active ones.
    cancelNotStartedSchedules(rt, customer.id, origin);
    rt.store.customers.remove(customer.id);
    rt.store.deletedCustomers.add(customer.id);
    rt.bus.publish({ type: 'customer.deleted', data: { object: customer } }, origin);
  });
  return { id: customer.id, object: 'customer', deleted: true };
}
