import type { ResourceProps } from 'react-admin';
import HistoryIcon from '@mui/icons-material/History';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const AuditLogList = lazyScreen(() => import('./AuditLogList').then((m) => m.AuditLogList));

export const auditLogs = {
  list: AuditLogList,
  icon: menuIcon(HistoryIcon, 'HistoryIcon'),
  recordRepresentation: 'action',
} satisfies Omit<ResourceProps, 'name'>;
