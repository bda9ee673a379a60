import type { Transaction } from 'sequelize';
import { AuditLog } from '../db/models';

/**
 * Who acts: an admin (their session user) or a customer in the portal (id null: not an admin
 * user; the label names the customer).
 */
export interface AuditActor {
  id: number | null;
  email: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  details?: Record<string, unknown>;
}

/** Who did what to which record, in the same transaction as the change itself. */
export function audit(actor: AuditActor, entry: AuditEntry, transaction: Transaction): Promise<AuditLog> {
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
