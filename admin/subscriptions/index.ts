import type { ResourceProps } from 'react-admin';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const SubscriptionList = lazyScreen(() => import('./SubscriptionList').then((m) => m.SubscriptionList));
const SubscriptionShow = lazyScreen(() => import('./SubscriptionShow').then((m) => m.SubscriptionShow));

export const subscriptions = {
  list: SubscriptionList,
  show: SubscriptionShow,
  icon: menuIcon(AutorenewIcon, 'AutorenewIcon'),
  recordRepresentation: 'stripeSubscriptionId',
} satisfies Omit<ResourceProps, 'name'>;
