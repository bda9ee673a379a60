import { Invoice, Subscription, type Customer } from '../db/models';
import { NotFoundError } from '../errors';

/**
 * A customer reaches only their own objects. Someone else's answers exactly like a missing one
 * (404), so ids cannot be probed.
 */
export async function ownSubscription(customer: Customer, id: number): Promise<Subscription> {
  const subscription = await Subscription.findOne({ where: { id, customerId: customer.id } });
  if (!subscription) throw new NotFoundError('No such subscription');
  return subscription;
}

export async function ownInvoice(customer: Customer, id: number): Promise<Invoice> {
  const invoice = await Invoice.findOne({ where: { id, customerId: customer.id } });
  if (!invoice) throw new NotFoundError('No such invoice');
  return invoice;
}
