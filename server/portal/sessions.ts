import { timingSafeEqual } from 'node:crypto';
import { Op } from 'sequelize';
import { Customer, PortalSession } from '../db/models';
import type { Database } from '../db/sequelize';
import { digest, newToken } from './digest';

/** Distinct from the admin's recur_session: a customer's sign-in never opens the admin API. */
export const PORTAL_COOKIE = 'recur_portal';
export const PORTAL_SESSION_TTL_MS = 60 * 60 * 1000;

export interface PortalSignIn {
  customer: Customer;
  csrfToken: string;
  /** opened by an app's portal session: its return URL, for the "Back to" link */
  returnUrl: string | null;
}

/** Opens a session for a customer; returns the cookie token (only its digest is stored). */
export async function openPortalSession(db: Database, customerId: number, returnUrl: string | null = null): Promise<string> {
  const token = newToken();
  await db.write(async (transaction) => {
    await PortalSession.create(
      { id: digest(token), customerId, csrfToken: newToken(), expiresAt: new Date(Date.now() + PORTAL_SESSION_TTL_MS), returnUrl },
      { transaction },
    );
    await PortalSession.destroy({ where: { expiresAt: { [Op.lt]: new Date() } }, transaction });
  });
  return token;
}

export async function resolvePortalSession(token: string | undefined): Promise<PortalSignIn | null> {
  if (!token || token.length > 100) return null;
  const session = await PortalSession.findByPk(digest(token));
  if (!session || session.expiresAt.getTime() < Date.now()) return null;
  const customer = await Customer.findByPk(session.customerId);
  return customer ? { customer, csrfToken: session.csrfToken, returnUrl: session.returnUrl } : null;
}

export async function closePortalSession(db: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.write((transaction) => PortalSession.destroy({ where: { id: digest(token) }, transaction }));
}

/** The form's copy of the session's CSRF token, compared in constant time. */
export function csrfMatches(signIn: PortalSignIn, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(signIn.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
