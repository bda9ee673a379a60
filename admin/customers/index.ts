import type { ResourceProps } from 'react-admin';
import PeopleIcon from '@mui/icons-material/People';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const CustomerList = lazyScreen(() => import('./CustomerList').then((m) => m.CustomerList));
const CustomerShow = lazyScreen(() => import('./CustomerShow').then((m) => m.CustomerShow));

export const customers = {
  list: CustomerList,
  show: CustomerShow,
  icon: menuIcon(PeopleIcon, 'PeopleIcon'),
  // Reference fields elsewhere (subscriptions, payments) show the customer by e-mail.
  recordRepresentation: 'email',
} satisfies Omit<ResourceProps, 'name'>;
