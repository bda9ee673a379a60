import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { LoginAttempt } from '../db/models';
import { LOCK_KINDS, lockKeys } from '../db/keyLocks';
import type { Database } from '../db/sequelize';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import { signIn, type SessionUser } from './sessions';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** failures per e-mail in the window: guessing one account's password */
export const MAX_FAILURES_PER_EMAIL = 10;
/** failures per address in the window: trying many accounts; higher, as people may share an address */
export const MAX_FAILURES_PER_IP = 30;

/** When the limit-th most recent attempt leaves the window, i.e. when the next try is allowed; null if not locked. */
async function lockedUntil(where: WhereOptions<LoginAttempt>, limit: number, now: number, transaction: Transaction): Promise<number | null> {
  const row = await LoginAttempt.findOne({
    where: { ...where, createdAt: { [Op.gt]: new Date(now - LOGIN_WINDOW_MS) } },
    attributes: ['createdAt'],
    order: [['createdAt', 'DESC']],
    offset: limit - 1,
    transaction,
  });
  return row ? row.createdAt.getTime() + LOGIN_WINDOW_MS : null;
}

/**
 * Counts this attempt before its password is checked, or refuses it. Looking at the count and
 * adding to it is one step: on SQLite one queued write, on PostgreSQL a transaction holding the
 * e-mail's and the address's locks (several instances share them). Without that, 50 guesses sent
 * at once all read "0 failures so far" and all got a password check. Returns the attempt's row id.
 */
async function admitAttempt(db: Database, email: string, ip: string): Promise<number> {
  return db.write(async (transaction) => {
    await lockKeys(db, transaction, [
      [LOCK_KINDS.adminLoginEmail, email],
      [LOCK_KINDS.adminLoginIp, ip],
    ]);
    const now = Date.now();
    const until = Math.max(
      (await lockedUntil({ email }, MAX_FAILURES_PER_EMAIL, now, transaction)) ?? 0,
      (await lockedUntil({ ip }, MAX_FAILURES_PER_IP, now, transaction)) ?? 0,
    );
    if (until > now) {
      const seconds = Math.ceil((until - now) / 1000);
      throw new TooManyRequestsError(`Too many failed sign-ins: try again in ${Math.ceil(seconds / 60)} minute(s)`, seconds);
    }
    const attempt = await LoginAttempt.create({ email, ip }, { transaction });
    await LoginAttempt.destroy({ where: { createdAt: { [Op.lte]: new Date(now - LOGIN_WINDOW_MS) } }, transaction });
    return attempt.id;
  });
}

/**
 * Signs in unless the e-mail or the address has failed too often lately. The attempt is counted
 * first and refused when over the limit, so at most the limit's worth of guesses ever reach the
 * password check, however many arrive at once, and guesses made during a lock learn nothing
 * (they are not counted either: the lock does not extend itself). A success clears that e-mail's
 * attempts, its own included, so successes never count against anyone.
 */
export async function logIn(db: Database, email: string, password: string, ip: string): Promise<{ token: string; user: SessionUser }> {
  const key = email.toLowerCase().slice(0, 254);
  const address = ip.slice(0, 64);
  const attemptId = await admitAttempt(db, key, address);
  try {
    const session = await signIn(db, key, password);
    await db.write((transaction) => LoginAttempt.destroy({ where: { email: key }, transaction }));
    return session;
  } catch (error) {
    // Only a wrong password is a failure; anything else (the database, say) did not try one.
    if (!(error instanceof UnauthorizedError)) await db.write((transaction) => LoginAttempt.destroy({ where: { id: attemptId }, transaction }));
    throw error;
  }
}
