import { Hono } from 'hono';
import { getAuditLog, listAuditLogs } from '../billing/auditLogs';
import type { AppEnv } from '../deps';
import { idParam } from '../http/validate';
import { listRoute } from './listRoute';

/** /api/audit-logs: read-only; entries are written by the actions themselves. */
export function auditLogRoutes() {
  return new Hono<AppEnv>().get('/', listRoute('audit-logs', listAuditLogs)).get('/:id', async (c) => c.json(await getAuditLog(c.get('user'), idParam(c))));
}
