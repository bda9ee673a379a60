import { lazy } from 'react';
import type { ResourceProps } from 'react-admin';
import OutboxIcon from '@mui/icons-material/Outbox';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const NotificationList = lazy(() => import('./NotificationList'));
const NotificationShow = lazy(() => import('./NotificationShow'));

export const notifications = {
  list: NotificationList,
  show: NotificationShow,
  icon: OutboxIcon,
  recordRepresentation: 'subject',
} satisfies Omit<ResourceProps, 'name'>;
