import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import { AdminUser, AuditLog, Session } from '../db/models';
import type { Role } from '../db/models/AdminUser';
import { ROLES } from '../../shared/api';
import { readerFor } from '../db/readPool';
import type { Database } from '../db/sequelize';
import { UnauthorizedError } from '../errors';
import { decoyHash, verifyPassword } from './passwords';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  name: string | null;
  role: AdminUser['role'];
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function presentUser(user: AdminUser): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Checks the credentials and opens a session; returns the cookie token (only its hash is stored). */
export async function signIn(db: Database, email: string, password: string): Promise<{ token: string; user: SessionUser }> {
  const user = await AdminUser.findOne({ where: { email: email.toLowerCase() } });
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !valid) throw new UnauthorizedError('Invalid e-mail or password');
  const token = randomBytes(32).toString('base64url');
  await db.write(async (transaction) => {
    await Session.create({ id: digest(token), adminUserId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS) }, { transaction });
    await Session.destroy({ where: { expiresAt: { [Op.lt]: new Date() } }, transaction });
    await AuditLog.create(
      { adminUserId: user.id, actor: user.email, action: 'auth.login', entityType: 'admin_user', entityId: String(user.id), details: null },
      { transaction },
    );
  });
  return { token, user: presentUser(user) };
}

interface SessionRow {
  id: number;
  email: string;
  name: string | null;
  role: string;
  expiresAt: string | Date;
}

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/**
 * Runs before every admin API call, so it is one plain SELECT on the read pool: through
 * Sequelize (a model per row, an include) it cost more than the list it guarded.
 */
export async function resolveSession(token: string | undefined): Promise<SessionUser | null> {
  if (!token || !Session.sequelize) return null;
  const reader = await readerFor(Session.sequelize);
  const [row] = await reader.select<SessionRow>(
    `SELECT u.id, u.email, u.name, u.role, s.expires_at AS "expiresAt" FROM sessions s JOIN admin_users u ON u.id = s.admin_user_id WHERE s.id = ?`,
    [digest(token)],
  );
  if (!row || !isRole(row.role) || new Date(row.expiresAt).getTime() < Date.now()) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function signOut(db: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.write((transaction) => Session.destroy({ where: { id: digest(token) }, transaction }));
}
