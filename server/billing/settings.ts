import { z } from 'zod';
import type { SessionUser } from '../auth/sessions';
import { Setting } from '../db/models';
import type { Database } from '../db/sequelize';
import { ForbiddenError } from '../errors';
import { accessPolicySchema, DEFAULT_ACCESS_POLICY, type AccessPolicy } from '../../shared/access';
import { audit } from './audit';

const ACCESS_POLICY = 'access_policy';

export async function getAccessPolicy(): Promise<AccessPolicy> {
  const row = await Setting.findByPk(ACCESS_POLICY);
  if (!row) return DEFAULT_ACCESS_POLICY;
  const parsed = accessPolicySchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_ACCESS_POLICY;
}

/** Settings are the owner's: admins run billing, the owner decides its rules. */
export async function setAccessPolicy(db: Database, policy: AccessPolicy, actor: SessionUser): Promise<AccessPolicy> {
  if (actor.role !== 'owner') throw new ForbiddenError('Only the owner changes settings');
  await db.write(async (transaction) => {
    await Setting.upsert({ key: ACCESS_POLICY, value: JSON.stringify(policy) }, { transaction });
    await audit(actor, { action: 'settings.access_policy', entityType: 'setting', entityId: ACCESS_POLICY, details: { ...policy } }, transaction);
  });
  return policy;
}

export const settingsSchema = z.strictObject({ accessPolicy: accessPolicySchema });
