import type { Database } from '../db/sequelize';
import { issueToken, type TokenPurpose } from './tokens';

/**
 * An absolute, single-use sign-in URL for the customer portal. The token is stored hashed with
 * its expiry; opening the link offers a Sign in button, which signs the customer in and spends it.
 *
 * ttlMinutes: 15 for a link the customer asked for on /portal (MAGIC_LINK_TTL_MINUTES); an e-mail
 * the customer did not ask for, such as "your payment failed", may use a longer one — 3 days
 * (PAYMENT_FAILED_LINK_TTL_MINUTES) so it still works when read the next day.
 */
export const PAYMENT_FAILED_LINK_TTL_MINUTES = 3 * 24 * 60;

export async function portalLink(
  db: Database,
  baseUrl: string,
  customerId: number,
  ttlMinutes: number,
  purpose?: TokenPurpose,
  /** the outbox message that will show the link while it works (kept unsent, no SMTP_URL) */
  keptIn: number | null = null,
): Promise<string> {
  const token = await issueToken(db, customerId, purpose ?? (ttlMinutes > 15 ? 'payment_failed' : 'magic_link'), ttlMinutes, keptIn);
  const url = new URL('/portal/auth', baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
