import { Op } from 'sequelize';
import { Customer, PortalToken } from '../db/models';
import type { Database } from '../db/sequelize';
import { redactSpentToken } from '../notify/redact';
import { digest, newToken } from './digest';

/** A link asked for on /portal is good for 15 minutes (the issue's figure). */
export const MAGIC_LINK_TTL_MINUTES = 15;

export type TokenPurpose = 'magic_link' | 'payment_failed';

/** Stores the token's digest with its expiry and returns the token itself (to go into a link). */
export async function issueToken(
  db: Database,
  customerId: number,
  purpose: TokenPurpose,
  ttlMinutes: number,
  notificationId: number | null = null,
): Promise<string> {
  const token = newToken();
  await db.write((transaction) =>
    PortalToken.create(
      { tokenHash: digest(token), customerId, purpose, expiresAt: new Date(Date.now() + ttlMinutes * 60_000), usedAt: null, notificationId },
      { transaction },
    ),
  );
  return token;
}

export type TokenState = { ok: true; customerId: number } | { ok: false; reason: 'invalid' | 'used' | 'expired' };

const wellFormed = (token: string): boolean => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/**
 * What a link would do, without spending it: opening a link (a GET, which mail scanners and link
 * previews make too) only shows what it is for; signing in is the POST of its button.
 */
export async function peekToken(token: string): Promise<(TokenState & { ok: false }) | { ok: true; customerId: number; email: string }> {
  if (!wellFormed(token)) return { ok: false, reason: 'invalid' };
  const row = await PortalToken.findOne({ where: { tokenHash: digest(token) } });
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  const customer = await Customer.findByPk(row.customerId);
  return customer ? { ok: true, customerId: customer.id, email: customer.email } : { ok: false, reason: 'invalid' };
}

/**
 * Spends a token. The conditional UPDATE is what makes it single use: of two concurrent clicks
 * (or two instances) only one sees a row change. A message kept in the outbox that showed the
 * link stops showing it in the same transaction.
 */
export async function redeemToken(db: Database, token: string): Promise<TokenState> {
  if (!wellFormed(token)) return { ok: false, reason: 'invalid' };
  const tokenHash = digest(token);
  return db.write(async (transaction) => {
    const now = new Date();
    const [changed] = await PortalToken.update({ usedAt: now }, { where: { tokenHash, usedAt: null, expiresAt: { [Op.gt]: now } }, transaction });
    const row = await PortalToken.findOne({ where: { tokenHash }, transaction });
    if (!row) return { ok: false, reason: 'invalid' };
    if (changed !== 1) return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
    await redactSpentToken(row, transaction);
    return { ok: true, customerId: row.customerId };
  });
}
