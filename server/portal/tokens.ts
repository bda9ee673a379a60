import { Op } from 'sequelize';
import { PortalToken } from '../db/models';
import type { Database } from '../db/sequelize';
import { digest, newToken } from './digest';

/** A link asked for on /portal is good for 15 minutes (the issue's figure). */
export const MAGIC_LINK_TTL_MINUTES = 15;

export type TokenPurpose = 'magic_link' | 'payment_failed';

/** Stores the token's digest with its expiry and returns the token itself (to go into a link). */
export async function issueToken(db: Database, customerId: number, purpose: TokenPurpose, ttlMinutes: number): Promise<string> {
  const token = newToken();
  await db.write((transaction) =>
    PortalToken.create({ tokenHash: digest(token), customerId, purpose, expiresAt: new Date(Date.now() + ttlMinutes * 60_000), usedAt: null }, { transaction }),
  );
  return token;
}

export type Redeemed = { ok: true; customerId: number } | { ok: false; reason: 'invalid' | 'used' | 'expired' };

/**
 * Spends a token. The conditional UPDATE is what makes it single use: of two concurrent clicks
 * (or two instances) only one sees a row change.
 */
export async function redeemToken(db: Database, token: string): Promise<Redeemed> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: 'invalid' };
  const tokenHash = digest(token);
  return db.write(async (transaction) => {
    const now = new Date();
    const [changed] = await PortalToken.update(
      { usedAt: now },
      { where: { tokenHash, usedAt: null, expiresAt: { [Op.gt]: now } }, transaction },
    );
    const row = await PortalToken.findOne({ where: { tokenHash }, transaction });
    if (!row) return { ok: false, reason: 'invalid' };
    if (changed === 1) return { ok: true, customerId: row.customerId };
    return { ok: false, reason: row.usedAt ? 'used' : 'expired' };
  });
}
