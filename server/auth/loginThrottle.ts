import { Op, type WhereOptions } from 'sequelize';
import { LoginAttempt } from '../db/models';
import type { Database } from '../db/sequelize';
import { TooManyRequestsError, UnauthorizedError } from '../errors';
import { signIn, type SessionUser } from './sessions';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** failures per e-mail in the window: guessing one account's password */
export const MAX_FAILURES_PER_EMAIL = 10;
/** failures per address in the window: trying many accounts; higher, as people may share an address */
export const MAX_FAILURES_PER_IP = 30;

/** When the limit-th most recent failure leaves the window, i.e. when the next try is allowed; null if not locked. */
async function lockedUntil(where: WhereOptions<LoginAttempt>, limit: number, now: number): Promise<number | null> {
  const row = await LoginAttempt.findOne({
    where: { ...where, createdAt: { [Op.gt]: new Date(now - LOGIN_WINDOW_MS) } },
    attributes: ['createdAt'],
    order: [['createdAt', 'DESC']],
    offset: limit - 1,
  });
  return row ? row.createdAt.getTime() + LOGIN_WINDOW_MS : null;
}

async function refuseWhenThrottled(email: string, ip: string): Promise<void> {
  const now = Date.now();
  const until = Math.max((await lockedUntil({ email }, MAX_FAILURES_PER_EMAIL, now)) ?? 0, (await lockedUntil({ ip }, MAX_FAILURES_PER_IP, now)) ?? 0);
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    throw new TooManyRequestsError(`Too many failed sign-ins: try again in ${Math.ceil(seconds / 60)} minute(s)`, seconds);
  }
}

/**
 * Signs in unless the e-mail or the address has failed too often lately. A locked account is
 * refused before its password is checked, so guesses made during the lock learn nothing.
 * A success clears that e-mail's failures; it never counts against anyone.
 */
export async function logIn(db: Database, email: string, password: string, ip: string): Promise<{ token: string; user: SessionUser }> {
  const key = email.toLowerCase();
  await refuseWhenThrottled(key, ip);
  try {
    const session = await signIn(db, key, password);
    await db.write((transaction) => LoginAttempt.destroy({ where: { email: key }, transaction }));
    return session;
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      await db.write(async (transaction) => {
        await LoginAttempt.create({ email: key.slice(0, 254), ip: ip.slice(0, 64) }, { transaction });
        await LoginAttempt.destroy({ where: { createdAt: { [Op.lte]: new Date(Date.now() - LOGIN_WINDOW_MS) } }, transaction });
      });
    }
    throw error;
  }
}
