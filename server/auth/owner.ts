import { randomBytes } from 'node:crypto';
import { AdminUser } from '../db/models';
import type { Database } from '../db/sequelize';
import { hashPassword } from './passwords';

export interface OwnerAccount {
  email: string;
  /** set only when the password was generated now: it is printed once and never stored in clear */
  generatedPassword?: string;
  created: boolean;
}

/**
 * The first start creates the owner from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password.
 * Later starts change nothing, so an owner who changed the password keeps it.
 */
export async function ensureOwner(db: Database, email: string, password?: string): Promise<OwnerAccount> {
  const normalized = email.toLowerCase();
  const existing = await AdminUser.findOne({ where: { role: 'owner' }, order: [['id', 'ASC']] });
  if (existing) return { email: existing.email, created: false };
  const secret = password ?? randomBytes(12).toString('base64url');
  const generatedPassword = password ? undefined : secret;
  const passwordHash = await hashPassword(secret);
  await db.write((transaction) => AdminUser.create({ email: normalized, name: 'Owner', role: 'owner', passwordHash }, { transaction }));
  return { email: normalized, generatedPassword, created: true };
}
