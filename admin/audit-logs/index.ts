import type { ResourceProps } from 'react-admin';
import { AuditLogList } from './AuditLogList';

export const auditLogs = {
  list: AuditLogList,
  recordRepresentation: 'action',
} satisfies Omit<ResourceProps, 'name'>;
