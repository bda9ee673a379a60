import type { ResourceProps } from 'react-admin';
import WebhookIcon from '@mui/icons-material/Webhook';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const EventList = lazyScreen(() => import('./EventList').then((m) => m.EventList));
const EventShow = lazyScreen(() => import('./EventShow').then((m) => m.EventShow));

export const events = {
  list: EventList,
  show: EventShow,
  icon: menuIcon(WebhookIcon, 'WebhookIcon'),
  recordRepresentation: 'type',
} satisfies Omit<ResourceProps, 'name'>;
