import { Op } from 'sequelize';
import { PortalToken, type Customer } from '../db/models';
import type { Database } from '../db/sequelize';
import { BadRequestError, NotFoundError } from '../errors';
import { customerForEmail } from '../portal/signInCustomer';
import { digest, newToken } from '../portal/digest';
import { audit, type AuditActor } from '../billing/audit';
import { customerByExternalId } from './customers';

/** Single use and 15 minutes, as the portal's own sign-in links (and Stripe's billing portal sessions: short-lived). */
export const APP_PORTAL_TTL_MS = 15 * 60_000;

/** Kept apart from e-mailed links: only these sign in on a GET, and only the app's route spends them. */
const PURPOSE = 'app_session';

/** One of externalId and email (the route's schema insists on exactly one). */
export interface PortalSessionRequest {
  externalId?: string;
  email?: string;
  returnUrl?: string;
}

async function customerOf(input: PortalSessionRequest): Promise<Customer> {
  if (input.externalId !== undefined) return customerByExternalId(input.externalId);
  if (input.email === undefined) throw new BadRequestError('Give externalId or email', { externalId: 'give either externalId or email' });
  const customer = await customerForEmail(input.email);
  if (!customer) throw new NotFoundError(`No customer with the e-mail ${input.email}`);
  return customer;
}

/**
 * A URL that opens the customer portal signed in, for an app whose user is signed in with it
 * already (no e-mail round trip). Only the token's sha256 is stored, with the return URL. Audited:
 * it signs someone in as a customer, so who did it for whom stays on record.
 */
export async function createPortalSession(
  db: Database,
  baseUrl: string,
  input: PortalSessionRequest,
  actor: AuditActor,
): Promise<{ url: string; expiresAt: Date }> {
  const customer = await customerOf(input);
  const token = newToken();
  const expiresAt = new Date(Date.now() + APP_PORTAL_TTL_MS);
  await db.write(async (transaction) => {
    await PortalToken.create(
      {
        tokenHash: digest(token),
        customerId: customer.id,
        purpose: PURPOSE,
        expiresAt,
        usedAt: null,
        notificationId: null,
        returnUrl: input.returnUrl ?? null,
      },
      { transaction },
    );
    await audit(
      actor,
      { action: 'portal_session.create', entityType: 'customer', entityId: customer.id, details: { returnUrl: input.returnUrl ?? null } },
      transaction,
    );
  });
  return { url: `${baseUrl}/portal/session?token=${encodeURIComponent(token)}`, expiresAt };
}

export type AppSessionState =
  | { ok: true; customerId: number; returnUrl: string | null }
  | { ok: false; reason: 'invalid' | 'used' | 'expired'; returnUrl: string | null };

const wellFormed = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

/**
 * Spends an app's portal session. The conditional UPDATE makes it single use: of two opens (two
 * tabs, two instances) only one changes the row. A used or expired one still knows where the app
 * is, so its page can send the person back there for a new one.
 */
export async function redeemPortalSession(db: Database, token: string): Promise<AppSessionState> {
  if (!wellFormed(token)) return { ok: false, reason: 'invalid', returnUrl: null };
  const tokenHash = digest(token);
  return db.write(async (transaction) => {
    const now = new Date();
    const [changed] = await PortalToken.update(
      { usedAt: now },
      { where: { tokenHash, purpose: PURPOSE, usedAt: null, expiresAt: { [Op.gt]: now } }, transaction },
    );
    const row = await PortalToken.findOne({ where: { tokenHash, purpose: PURPOSE }, transaction });
    if (!row) return { ok: false, reason: 'invalid', returnUrl: null };
    if (changed !== 1) return { ok: false, reason: row.usedAt ? 'used' : 'expired', returnUrl: row.returnUrl };
    return { ok: true, customerId: row.customerId, returnUrl: row.returnUrl };
  });
}
