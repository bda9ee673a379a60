import type { ResourceProps } from 'react-admin';
import MailIcon from '@mui/icons-material/Mail';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const NotificationList = lazyScreen(() => import('./NotificationList').then((m) => m.default));
const NotificationShow = lazyScreen(() => import('./NotificationShow').then((m) => m.default));

export const notifications = {
  list: NotificationList,
  show: NotificationShow,
  icon: menuIcon(MailIcon, 'MailIcon'),
  recordRepresentation: 'subject',
} satisfies Omit<ResourceProps, 'name'>;
