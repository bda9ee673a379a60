import type Stripe from 'stripe';
import type { Transaction } from 'sequelize';
import { Customer } from '../../db/models';
import { isNewer } from './util';

export async function upsertCustomer(source: Stripe.Customer, eventCreated: number, transaction: Transaction): Promise<Customer> {
  const existing = await Customer.findOne({ where: { stripeCustomerId: source.id }, transaction });
  const fields = {
    email: source.email ?? '',
    name: source.name ?? null,
    currency: source.currency ?? null,
    lastEventAt: eventCreated,
  };
  if (!existing) return Customer.create({ stripeCustomerId: source.id, ...fields }, { transaction });
  if (!isNewer(eventCreated, existing.lastEventAt)) return existing;
  return existing.update(fields, { transaction });
}
