import type { ResourceProps } from 'react-admin';
import OutboxIcon from '@mui/icons-material/Outbox';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const DeliveryList = lazyScreen(() => import('./DeliveryList').then((m) => m.DeliveryList));
const DeliveryShow = lazyScreen(() => import('./DeliveryShow').then((m) => m.DeliveryShow));

export const webhookDeliveries = {
  list: DeliveryList,
  show: DeliveryShow,
  icon: menuIcon(OutboxIcon, 'OutboxIcon'),
  recordRepresentation: 'eventType',
} satisfies Omit<ResourceProps, 'name'>;
