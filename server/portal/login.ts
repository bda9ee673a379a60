import { fn, col, where } from 'sequelize';
import { Customer, Subscription } from '../db/models';
import type { Database } from '../db/sequelize';
import { queueNotification } from '../notify';
import { portalLink } from './links';
import { admitLoginRequest } from './rateLimit';
import { MAGIC_LINK_TTL_MINUTES } from './tokens';

/**
 * The customer an address signs in as. Addresses are not unique among customers (one mirrored
 * from Stripe may share it with one from the signup form): the newest with a subscription wins.
 */
async function customerForEmail(email: string): Promise<Customer | null> {
  const candidates = await Customer.findAll({ where: where(fn('lower', col('email')), email), order: [['id', 'DESC']], limit: 10 });
  for (const customer of candidates) {
    if (await Subscription.count({ where: { customerId: customer.id } })) return customer;
  }
  return candidates[0] ?? null;
}

export type LinkRequestOutcome = 'sent' | 'limited';

/**
 * "E-mail me a sign-in link". 'sent' is answered whether or not the address is a customer's, so
 * the form cannot be used to find out who is one; only a customer's address gets a message.
 */
export async function requestMagicLink(db: Database, baseUrl: string, email: string, ip: string): Promise<LinkRequestOutcome> {
  const address = email.trim().toLowerCase();
  if (!(await admitLoginRequest(db, address, ip))) return 'limited';
  const customer = await customerForEmail(address);
  if (!customer) return 'sent';
  const link = await portalLink(db, baseUrl, customer.id, MAGIC_LINK_TTL_MINUTES, 'magic_link');
  await queueNotification(db, { template: 'magic_link', to: customer.email, customerId: customer.id, data: { link, expiresInMinutes: String(MAGIC_LINK_TTL_MINUTES) } });
  return 'sent';
}
