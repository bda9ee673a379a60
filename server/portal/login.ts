import type { Database } from '../db/sequelize';
import { queue } from '../notify/outbox';
import { signInRequest } from '../notify/magicLink';
import { admitLoginRequest } from './rateLimit';

export type LinkRequestOutcome = 'sent' | 'limited';

/**
 * "E-mail me a sign-in link". 'sent' is answered whether or not the address is a customer's, so
 * the form cannot be used to find out who is one, and by the same work either way: the request is
 * counted, then queued in the outbox as it was typed. Whether it belongs to a customer is looked up
 * by the sender, later and apart from this request (it makes the link and the message for a
 * customer, and drops the row otherwise), so neither this answer's timing nor the next one's tells.
 */
export async function requestMagicLink(db: Database, email: string, ip: string): Promise<LinkRequestOutcome> {
  const address = email.trim().toLowerCase();
  if (!(await admitLoginRequest(db, address, ip))) return 'limited';
  // Not woken: the sender's next poll (within a second) takes it with whatever else is due.
  await queue(db, [signInRequest(address)], undefined, { wake: false });
  return 'sent';
}
