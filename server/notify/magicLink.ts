import { Customer } from '../db/models';
import { portalLink } from '../portal/links';
import { customerForEmail } from '../portal/signInCustomer';
import { MAGIC_LINK_TTL_MINUTES } from '../portal/tokens';
import type { QueueInput, VariableContext } from './types';

/**
 * A sign-in request from /portal is queued as typed ({signInFor: address}), whether or not the
 * address is a customer's: the sender finds the customer, makes the link and renders the message
 * when the row's turn comes. A re-send from the admin is queued the same way, so it carries a new link.
 */
export function signInRequest(address: string, resentFrom?: number): QueueInput {
  return { template: 'magic_link', to: address, customerId: null, data: { signInFor: address }, ...(resentFrom ? { resentFrom } : {}) };
}

export function isSignInRequest(data: Record<string, unknown>): data is { signInFor: string } {
  return typeof data.signInFor === 'string';
}

/** The address asked for is no customer's: there is nobody to send to, and the row goes. */
export class NoSuchCustomer extends Error {}

export interface SignInMessage {
  recipient: { to: string; customerId: number };
  variables: Record<string, string>;
}

/** Makes the single-use link for the customer the address signs in as (or the row's customer, once known). */
export async function signInVariables(data: { signInFor: string }, customerId: number | null, ctx: VariableContext): Promise<SignInMessage> {
  const customer = (customerId ? await Customer.findByPk(customerId) : null) ?? (await customerForEmail(data.signInFor));
  if (!customer?.email) throw new NoSuchCustomer(`no customer signs in as ${data.signInFor}`);
  const link = await portalLink(ctx.db, ctx.baseUrl, customer.id, MAGIC_LINK_TTL_MINUTES, 'magic_link', ctx.keptIn ?? null);
  return { recipient: { to: customer.email, customerId: customer.id }, variables: { link, expiresInMinutes: String(MAGIC_LINK_TTL_MINUTES) } };
}
