import { fn, col, where } from 'sequelize';
import { Customer, Subscription } from '../db/models';

/**
 * The customer an address signs in as. Addresses are not unique among customers (one mirrored
 * from Stripe may share it with one from the signup form): the newest with a subscription wins.
 */
export async function customerForEmail(email: string): Promise<Customer | null> {
  const candidates = await Customer.findAll({ where: where(fn('lower', col('email')), email.trim().toLowerCase()), order: [['id', 'DESC']], limit: 10 });
  for (const customer of candidates) {
    if (await Subscription.count({ where: { customerId: customer.id } })) return customer;
  }
  return candidates[0] ?? null;
}
