import { z } from 'zod';
import type { SessionUser } from '../auth/sessions';
import { AuditLog } from '../db/models';
import { sqlListPage, type JsonPage, type SqlList } from '../db/list';
import { NotFoundError } from '../errors';
import type { ListQuery } from '../../shared/listQuery';
import { requireRole } from './roles';

const SPEC = {
  sortable: ['createdAt', 'actor', 'action'],
  defaultSort: ['createdAt', 'DESC'],
  filters: { actor: z.string().max(254), action: z.string().max(64), entityType: z.string().max(32), entityId: z.string().max(255) },
  search: ['actor', 'action', 'entityType', 'entityId'],
} as const;

const ATTRIBUTES = ['id', 'adminUserId', 'actor', 'action', 'entityType', 'entityId', 'details', 'createdAt'];

/** A million rows reachable (issue 17): raw SQL, totals counted per actor, action and entity type (migration 029). */
const LIST: SqlList = { table: 'audit_logs', model: AuditLog, attributes: ATTRIBUTES, dims: ['actor', 'action', 'entityType'] };

// Viewers see billing data but not who did what: the log names admins and holds action details.
const canRead = (actor: SessionUser) => requireRole(actor, ['owner', 'admin'], 'read the audit log');

export function listAuditLogs(actor: SessionUser, query: ListQuery): Promise<JsonPage> {
  canRead(actor);
  return sqlListPage(LIST, SPEC, query);
}

export async function getAuditLog(actor: SessionUser, id: number): Promise<AuditLog> {
  canRead(actor);
  const row = await AuditLog.findByPk(id);
  if (!row) throw new NotFoundError(`No audit log entry with id ${id}`);
  return row;
}
