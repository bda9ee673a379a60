import { z } from 'zod';
import type { Transaction } from 'sequelize';
import { hashPassword } from '../auth/passwords';
import { passwordProblem } from '../auth/passwordPolicy';
import type { SessionUser } from '../auth/sessions';
import { AdminUser, Session } from '../db/models';
import type { JsonPage } from '../db/list';
import { lockFor, type Database } from '../db/sequelize';
import { BadRequestError, ConflictError, NotFoundError } from '../errors';
import { ROLES, type AdminUserCreate, type AdminUserUpdate } from '../../shared/adminUsers';
import type { ListQuery } from '../../shared/listQuery';
import { audit } from './audit';
import { requireRole } from './roles';
import { simpleList } from './simpleList';

/** What the API shows of an admin user: never the password hash. */
const SHOWN = ['id', 'email', 'name', 'role', 'createdAt', 'updatedAt'];
export type ShownAdminUser = Pick<AdminUser, 'id' | 'email' | 'name' | 'role' | 'createdAt' | 'updatedAt'>;

const SPEC = {
  sortable: ['email', 'name', 'role', 'createdAt'],
  defaultSort: ['id', 'ASC'],
  filters: { role: z.enum(ROLES) },
  search: ['email', 'name'],
} as const;

const ownerOnly = (actor: SessionUser) => requireRole(actor, ['owner'], 'manage admin users');

export function presentAdminUser(user: AdminUser): ShownAdminUser {
  const { id, email, name, role, createdAt, updatedAt } = user;
  return { id, email, name, role, createdAt, updatedAt };
}

export function listAdminUsers(actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  ownerOnly(actor);
  return simpleList(AdminUser, SPEC, query, SHOWN);
}

async function findUser(id: number, transaction?: Transaction): Promise<AdminUser> {
  const user = await AdminUser.findByPk(id, { transaction });
  if (!user) throw new NotFoundError(`No admin user with id ${id}`);
  return user;
}

export async function getAdminUser(actor: SessionUser, id: number): Promise<ShownAdminUser> {
  ownerOnly(actor);
  return presentAdminUser(await findUser(id));
}

/** Blank, repeated and common passwords (or ones made of the user's own e-mail or name) are refused, field marked. */
async function assertStrongPassword(password: string, userInputs: readonly string[]): Promise<void> {
  const problem = await passwordProblem(password, userInputs);
  if (problem) throw new BadRequestError(`Invalid body: password ${problem}`, { password: problem });
}

export async function createAdminUser(db: Database, actor: SessionUser, input: AdminUserCreate): Promise<ShownAdminUser> {
  ownerOnly(actor);
  await assertStrongPassword(input.password, [input.email, input.name]);
  // Hashing takes tens of milliseconds: done before taking the write queue, not inside it.
  const passwordHash = await hashPassword(input.password);
  return db.write(async (transaction) => {
    if (await AdminUser.findOne({ where: { email: input.email }, transaction }))
      throw new ConflictError(`An admin user with e-mail ${input.email} exists already`);
    const user = await AdminUser.create({ email: input.email, name: input.name, role: input.role, passwordHash }, { transaction });
    await audit(
      actor,
      { action: 'admin_user.create', entityType: 'admin_user', entityId: user.id, details: { email: user.email, role: user.role } },
      transaction,
    );
    return presentAdminUser(user);
  });
}

/** Counted inside the write, so two owners demoting each other at once cannot leave none. */
async function assertAnotherOwner(db: Database, user: AdminUser, transaction: Transaction): Promise<void> {
  if (user.role !== 'owner') return;
  // PostgreSQL runs such writes concurrently (other instances too): they count one at a time.
  await lockFor(db, transaction, 'recur:owners');
  const owners = await AdminUser.count({ where: { role: 'owner' }, transaction });
  if (owners <= 1) throw new ConflictError('Recur needs at least one owner: make someone else owner first');
}

export async function updateAdminUser(db: Database, actor: SessionUser, id: number, input: AdminUserUpdate): Promise<ShownAdminUser> {
  ownerOnly(actor);
  if (id === actor.id && input.role !== 'owner') throw new ConflictError('You cannot demote yourself: another owner has to');
  if (input.password) await assertStrongPassword(input.password, [(await findUser(id)).email, input.name]);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return db.write(async (transaction) => {
    const user = await findUser(id, transaction);
    if (input.role !== 'owner') await assertAnotherOwner(db, user, transaction);
    const changes = { name: input.name, role: input.role, ...(passwordHash ? { passwordHash } : {}) };
    await audit(
      actor,
      { action: 'admin_user.update', entityType: 'admin_user', entityId: id, details: { name: input.name, role: input.role, passwordChanged: !!passwordHash } },
      transaction,
    );
    // A new password set by the owner ends the user's open sessions (a suspected leak is why it changes).
    if (passwordHash && id !== actor.id) await Session.destroy({ where: { adminUserId: id }, transaction });
    return presentAdminUser(await user.update(changes, { transaction }));
  });
}

export async function deleteAdminUser(db: Database, actor: SessionUser, id: number): Promise<ShownAdminUser> {
  ownerOnly(actor);
  if (id === actor.id) throw new ConflictError('You cannot delete yourself: another owner has to');
  return db.write(async (transaction) => {
    const user = await findUser(id, transaction);
    await assertAnotherOwner(db, user, transaction);
    const shown = presentAdminUser(user);
    await audit(actor, { action: 'admin_user.delete', entityType: 'admin_user', entityId: id, details: { email: user.email, role: user.role } }, transaction);
    // Explicit rather than left to ON DELETE CASCADE, which SQLite honours only with foreign_keys on.
    await Session.destroy({ where: { adminUserId: id }, transaction });
    await user.destroy({ transaction });
    return shown;
  });
}
