import type { ResourceProps } from 'react-admin';
import PaymentsIcon from '@mui/icons-material/Payments';
import { lazyScreen } from '../common/lazyScreen';
import { menuIcon } from '../common/menuIcon';

// Loaded on first visit: the initial bundle stays within its budget (issue 5).
const PaymentList = lazyScreen(() => import('./PaymentList').then((m) => m.PaymentList));

export const payments = {
  list: PaymentList,
  icon: menuIcon(PaymentsIcon, 'PaymentsIcon'),
  recordRepresentation: 'stripePaymentIntentId',
} satisfies Omit<ResourceProps, 'name'>;
