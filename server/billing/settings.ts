import { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { SessionUser } from '../auth/sessions';
import { Setting } from '../db/models';
import type { Database } from '../db/sequelize';
import { ForbiddenError } from '../errors';
import { accessPolicySchema, DEFAULT_ACCESS_POLICY, type AccessPolicy } from '../../shared/access';
import { DEFAULT_PORTAL_POLICY, portalPolicySchema, type PortalPolicy } from '../../shared/portal';
import { audit } from './audit';
import { changeTimingSchema } from './changeTiming';

const ACCESS_POLICY = 'access_policy';
const PORTAL_POLICY = 'portal_policy';

/** `transaction`: a caller inside a write (entitlements for an outgoing event) reads through it. */
export async function getAccessPolicy(transaction?: Transaction): Promise<AccessPolicy> {
  const row = await Setting.findByPk(ACCESS_POLICY, { transaction });
  return accessPolicyOf(row?.value);
}

/** The settings row's key, for the apply path's raw read (appEvents/applyWatch.ts: no Sequelize in the hot path). */
export const ACCESS_POLICY_KEY = ACCESS_POLICY;

/** A stored access policy (JSON text), or the default when there is none or it no longer parses. */
export function accessPolicyOf(value: string | null | undefined): AccessPolicy {
  if (!value) return DEFAULT_ACCESS_POLICY;
  const parsed = accessPolicySchema.safeParse(JSON.parse(value));
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

export async function getPortalPolicy(): Promise<PortalPolicy> {
  const row = await Setting.findByPk(PORTAL_POLICY);
  if (!row) return DEFAULT_PORTAL_POLICY;
  const parsed = portalPolicySchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_PORTAL_POLICY;
}

export async function setPortalPolicy(db: Database, policy: PortalPolicy, actor: SessionUser): Promise<PortalPolicy> {
  if (actor.role !== 'owner') throw new ForbiddenError('Only the owner changes settings');
  await db.write(async (transaction) => {
    await Setting.upsert({ key: PORTAL_POLICY, value: JSON.stringify(policy) }, { transaction });
    await audit(actor, { action: 'settings.portal_policy', entityType: 'setting', entityId: PORTAL_POLICY, details: { ...policy } }, transaction);
  });
  return policy;
}

export const settingsSchema = z.strictObject({
  accessPolicy: accessPolicySchema,
  portalPolicy: portalPolicySchema.optional(),
  changeTiming: changeTimingSchema.optional(),
});
