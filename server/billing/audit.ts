import type { Transaction } from 'sequelize';
import { AuditLog } from '../db/models';
import type { SessionUser } from '../auth/sessions';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  details?: Record<string, unknown>;
}

/** Who did what to which record, in the same transaction as the change itself. */
export function audit(actor: SessionUser, entry: AuditEntry, transaction: Transaction): Promise<AuditLog> {
  return AuditLog.create(
    {
      adminUserId: actor.id,
      actor: actor.email,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      details: entry.details ? JSON.stringify(entry.details) : null,
    },
    { transaction },
  );
}
