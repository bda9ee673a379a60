import { z } from 'zod';
import type { SessionUser } from '../auth/sessions';
import { Setting } from '../db/models';
import type { Database } from '../db/sequelize';
import { ForbiddenError } from '../errors';
import { CHANGE_TIMINGS } from '../../shared/itemChange';
import { audit } from './audit';

const KEY = 'change_timing';

/**
 * When a change takes effect unless the admin or customer picks: by default an upgrade now,
 * prorated, and a downgrade at the period's end, so nobody loses time they paid for (issue 14).
 */
export const changeTimingSchema = z.strictObject({
  upgrades: z.enum(CHANGE_TIMINGS, { message: 'must be now or period_end' }),
  downgrades: z.enum(CHANGE_TIMINGS, { message: 'must be now or period_end' }),
});
export type ChangeTimingPolicy = z.infer<typeof changeTimingSchema>;
export const DEFAULT_CHANGE_TIMING: ChangeTimingPolicy = { upgrades: 'now', downgrades: 'period_end' };

export async function getChangeTiming(): Promise<ChangeTimingPolicy> {
  const row = await Setting.findByPk(KEY);
  if (!row) return DEFAULT_CHANGE_TIMING;
  const parsed = changeTimingSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_CHANGE_TIMING;
}

export async function setChangeTiming(db: Database, policy: ChangeTimingPolicy, actor: SessionUser): Promise<ChangeTimingPolicy> {
  if (actor.role !== 'owner') throw new ForbiddenError('Only the owner changes settings');
  await db.write(async (transaction) => {
    await Setting.upsert({ key: KEY, value: JSON.stringify(policy) }, { transaction });
    await audit(actor, { action: 'settings.change_timing', entityType: 'setting', entityId: KEY, details: { ...policy } }, transaction);
  });
  return policy;
}
