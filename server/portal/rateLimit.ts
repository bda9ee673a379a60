import { Op } from 'sequelize';
import { PortalLoginRequest } from '../db/models';
import { LOCK_KINDS, lockKeys } from '../db/keyLocks';
import type { Database } from '../db/sequelize';

export const LOGIN_WINDOW_MINUTES = 15;
/** Links one address may ask for per window: enough for a lost e-mail or two, not for mail-bombing. */
export const MAX_LINKS_PER_EMAIL = 3;
/** Requests one client may make per window, whatever the addresses: slows down probing. */
export const MAX_REQUESTS_PER_IP = 20;
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Counts this request against the address and the client and says whether it may go on. The
 * counts are rows in the database (not memory), so instances sharing it share the limit; the
 * request is counted whether or not the address belongs to a customer, so the limit reveals nothing.
 * Counting and adding are one step: on SQLite one queued write; on PostgreSQL, where instances
 * write at once, the transaction holds the address's and the client's locks, else concurrent
 * requests would all read the same count and all be let through.
 */
export async function admitLoginRequest(db: Database, email: string, ip: string): Promise<boolean> {
  return db.write(async (transaction) => {
    await lockKeys(db, transaction, [
      [LOCK_KINDS.portalLinkEmail, email],
      [LOCK_KINDS.portalLinkIp, ip],
    ]);
    const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
    const byEmail = await PortalLoginRequest.count({ where: { email, createdAt: { [Op.gt]: since } }, transaction });
    const byIp = await PortalLoginRequest.count({ where: { ip, createdAt: { [Op.gt]: since } }, transaction });
    if (byEmail >= MAX_LINKS_PER_EMAIL || byIp >= MAX_REQUESTS_PER_IP) return false;
    await PortalLoginRequest.create({ email, ip }, { transaction });
    await PortalLoginRequest.destroy({ where: { createdAt: { [Op.lt]: new Date(Date.now() - KEEP_MS) } }, transaction });
    return true;
  });
}
